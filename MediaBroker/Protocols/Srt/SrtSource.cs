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

        using var socket = await SrtCaller.ConnectAsync(api, poller, _url, _options.ConnectTimeout, ct).ConfigureAwait(false);
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

/// <summary>Timeouts of srt:// pull sources (the lead maps them from readTimeout).</summary>
public sealed record SrtSourceOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
