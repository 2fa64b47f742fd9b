using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>
/// A server the tool does not start (a peer such as SRS, measured side by side): its process id for the CPU and RSS
/// samples, its RTMP port (the publisher and RTMP readers use <c>rtmp://127.0.0.1:port/live/bench</c>; the publishers
/// scenario <c>live/bench0..N-1</c>) and, for WebRTC readers, its WHEP endpoint. Options <c>--server-pid</c>,
/// <c>--server-rtmp</c>, <c>--server-whep</c>.
/// </summary>
internal sealed record ExternalServer(int Pid, int RtmpPort, Uri? Whep)
{
    /// <summary>The reader protocols the tool can use against an external server.</summary>
    public const string ReaderProtocols = "rtmp|webrtc";

    /// <summary>Null when no <c>--server-pid</c> is given (the tool starts its own broker).</summary>
    public static ExternalServer? FromOptions(IReadOnlyDictionary<string, string> opts)
    {
        if (!opts.TryGetValue("server-pid", out var pid))
        {
            return null;
        }

        if (!opts.TryGetValue("server-rtmp", out var rtmp))
        {
            throw new ArgumentException("--server-pid needs --server-rtmp PORT: the tool publishes over RTMP");
        }

        return new ExternalServer(
            int.Parse(pid, CultureInfo.InvariantCulture),
            int.Parse(rtmp, CultureInfo.InvariantCulture),
            opts.TryGetValue("server-whep", out var whep) ? new Uri(whep) : null);
    }

    /// <summary>The ports the readers use; only RTMP and WHEP exist on an external server.</summary>
    public BrokerPorts Ports => new(RtmpPort, 0, 0, 0, 0, 0) { Whep = Whep };

    /// <summary>Throws unless every protocol of <paramref name="protos"/> ("rtmp,webrtc") can be read from the server.</summary>
    public void CheckReaders(string protos)
    {
        foreach (var proto in protos.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (proto is not ("rtmp" or "webrtc") || (proto == "webrtc" && Whep is null))
            {
                throw new ArgumentException($"an external server is read over {ReaderProtocols} (webrtc needs --server-whep URL), not {proto}");
            }
        }
    }
}
