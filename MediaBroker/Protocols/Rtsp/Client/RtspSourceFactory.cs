using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>Creates <see cref="RtspSource"/>s for <c>rtsp://</c>, <c>rtsps://</c> and tunnelled (<c>rtsp+http://</c>, <c>rtsps+http://</c>, <c>rtsp+ws://</c>, <c>rtsps+ws://</c>) sources.</summary>
/// <param name="readTimeout">readTimeout: the limit on each request and on silence.</param>
/// <param name="udpReadBufferSize">udpReadBufferSize: SO_RCVBUF of the UDP sockets in bytes; 0 keeps the system default.</param>
public sealed class RtspSourceFactory(TimeSpan readTimeout, int udpReadBufferSize = 0) : IStaticSourceFactory
{
    private static readonly string[] s_prefixes = ["rtsp://", "rtsps://", "rtsp+http://", "rtsps+http://", "rtsp+ws://", "rtsps+ws://"];

    public bool CanHandle(string sourceUrl) => s_prefixes.Any(p => sourceUrl.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public IStaticSource Create(string sourceUrl) => new RtspSource(readTimeout, udpReadBufferSize);
}
