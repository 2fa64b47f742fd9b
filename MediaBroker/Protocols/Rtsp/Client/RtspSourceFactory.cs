using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>Creates <see cref="RtspSource"/>s for <c>rtsp://</c> and <c>rtsps://</c> sources.</summary>
public sealed class RtspSourceFactory(TimeSpan readTimeout) : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) => new RtspSource(readTimeout);
}
