using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>Creates <see cref="RtspSource"/>s for <c>rtsp://</c> and <c>rtsps://</c> sources.</summary>
/// <param name="readTimeout">readTimeout: the limit on each request and on silence.</param>
/// <param name="udpReadBufferSize">udpReadBufferSize: SO_RCVBUF of the UDP sockets in bytes; 0 keeps the system default.</param>
public sealed class RtspSourceFactory(TimeSpan readTimeout, int udpReadBufferSize = 0) : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) => new RtspSource(readTimeout, udpReadBufferSize);
}
