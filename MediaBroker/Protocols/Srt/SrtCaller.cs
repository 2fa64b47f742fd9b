using System.Net;
using System.Net.Sockets;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// The caller side of SRT, shared by pull sources and pushers: a socket with the URL's stream id, passphrase, key
/// length and latency, connected to the URL's host and port. Throws <see cref="SrtException"/> with the reject reason
/// when the listener refuses, <see cref="TimeoutException"/> when nobody answers.
/// </summary>
internal static class SrtCaller
{
    public static async Task<SrtSocket> ConnectAsync(SrtApi api, SrtPoller poller, SrtSourceUrl url, TimeSpan timeout, CancellationToken ct)
    {
        var address = await ResolveAsync(url.Host, ct).ConfigureAwait(false);
        var handle = api.CreateSocket();
        SrtSocket socket;
        try
        {
            Set(api, api.SetString(handle, SrtOption.StreamId, url.StreamId), "streamid");
            if (url.Passphrase.Length > 0)
            {
                Set(api, api.SetString(handle, SrtOption.Passphrase, url.Passphrase), "passphrase");
            }

            if (url.PbKeyLen is { } keyLen)
            {
                Set(api, api.SetInt(handle, SrtOption.PbKeyLen, keyLen), "pbkeylen");
            }

            if (url.LatencyMs is { } latency)
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

        try
        {
            if (api.Connect(handle, SrtSockAddr.Encode(new IPEndPoint(address, url.Port))) < 0)
            {
                var code = api.LastErrorCode();
                throw new SrtException(code, "srt_connect: " + api.ErrorText(code));
            }

            await socket.WaitConnectedAsync(timeout, ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
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
