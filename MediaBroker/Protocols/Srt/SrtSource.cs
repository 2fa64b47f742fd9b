using System.Net;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Protocols.Srt.Native;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// Pulls MPEG-TS over SRT (<c>source: srt://host:port?streamid=...</c>) as a caller. One attempt per
/// <see cref="RunAsync"/>: the path retries with back-off when it returns or throws, which gives reconnection.
/// </summary>
public sealed class SrtSource : IStaticSource
{
    private readonly SrtSourceUrl _url;
    private readonly SrtRuntime _runtime;
    private readonly SrtSourceOptions _options;

    public SrtSource(SrtSourceUrl url, SrtRuntime runtime, SrtSourceOptions options)
    {
        _url = url;
        _runtime = runtime;
        _options = options;
    }

    public string ApiType => "srtSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        if (!_runtime.TryGet(out var api, out var poller))
        {
            throw new SrtException(_runtime.Error ?? SrtApi.InstallHint);
        }

        var address = await ResolveAsync(_url.Host, ct).ConfigureAwait(false);
        var handle = api.CreateSocket();
        SrtSocket socket;
        try
        {
            Set(api, api.SetString(handle, SrtOption.StreamId, _url.StreamId), "streamid");
            if (_url.Passphrase.Length > 0)
            {
                Set(api, api.SetString(handle, SrtOption.Passphrase, _url.Passphrase), "passphrase");
            }

            if (_url.PbKeyLen is { } keyLen)
            {
                Set(api, api.SetInt(handle, SrtOption.PbKeyLen, keyLen), "pbkeylen");
            }

            if (_url.LatencyMs is { } latency)
            {
                Set(api, api.SetInt(handle, SrtOption.Latency, latency), "latency");
            }

            socket = SrtSocket.Adopt(api, poller, handle, connecting: true);
        }
        catch
        {
            api.Close(handle);
            throw;
        }

        using (socket)
        {
            if (api.Connect(handle, SrtSockAddr.Encode(new IPEndPoint(address, _url.Port))) < 0)
            {
                var code = api.LastErrorCode();
                throw new SrtException(code, "srt_connect: " + api.ErrorText(code));
            }

            await socket.WaitConnectedAsync(_options.ConnectTimeout, ct).ConfigureAwait(false);
            SrtLog.SourceConnected(context.Logger, context.SourceUrl, _url.StreamId);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, socket.Broken);
            var ingest = new MpegTsIngest(context.SetReady, context.Logger, "source " + context.PathName);
            var buffer = new byte[1500];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, _options.ReadTimeout, linked.Token).ConfigureAwait(false);
                ingest.Push(buffer.AsSpan(0, n));
            }
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        var all = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        return Array.Find(all, a => a.AddressFamily == AddressFamily.InterNetwork) ?? all.FirstOrDefault()
            ?? throw new SrtException($"cannot resolve '{host}'");
    }

    private static void Set(SrtApi api, int rc, string what)
    {
        if (rc < 0)
        {
            var code = api.LastErrorCode();
            throw new SrtException(code, $"cannot set {what}: {api.ErrorText(code)}");
        }
    }
}

/// <summary>Timeouts of srt:// pull sources (the lead maps them from readTimeout).</summary>
public sealed record SrtSourceOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
