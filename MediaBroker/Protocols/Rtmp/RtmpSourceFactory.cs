using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>Creates <see cref="RtmpSource"/>s for rtmp:// and rtmps:// source URLs.</summary>
public sealed class RtmpSourceFactory : IStaticSourceFactory
{
    private readonly TimeSpan _readTimeout;

    public RtmpSourceFactory(TimeSpan? readTimeout = null) => _readTimeout = readTimeout ?? TimeSpan.FromSeconds(10);

    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("rtmp://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("rtmps://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) => new RtmpSource(_readTimeout);
}
