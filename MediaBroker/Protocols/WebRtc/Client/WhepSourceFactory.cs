using MediaBroker.Core;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>Creates <see cref="WhepSource"/>s for whep:// and wheps:// source URLs.</summary>
/// <param name="udpReadBufferSize">udpReadBufferSize: SO_RCVBUF of the media socket in bytes; 0 keeps the system default.</param>
public sealed class WhepSourceFactory(int udpReadBufferSize = 0) : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("whep://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("wheps://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) => new WhepSource(udpReadBufferSize);
}
