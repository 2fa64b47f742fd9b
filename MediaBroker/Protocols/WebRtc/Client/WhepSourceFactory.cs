using MediaBroker.Core;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>Creates <see cref="WhepSource"/>s for whep:// and wheps:// source URLs.</summary>
public sealed class WhepSourceFactory : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("whep://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("wheps://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) => new WhepSource();
}
