using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>Creates <see cref="RtmpPusher"/>s for rtmp:// and rtmps:// destinations.</summary>
public sealed class RtmpPusherFactory(TimeSpan readTimeout, TimeSpan writeTimeout) : IStreamPusherFactory
{
    public string? ProtocolOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.StartsWith("rtmp://", StringComparison.OrdinalIgnoreCase) ? "rtmp"
            : url.StartsWith("rtmps://", StringComparison.OrdinalIgnoreCase) ? "rtmps"
            : null;
    }

    public IStreamPusher Create(StreamPushTarget target) => new RtmpPusher(target, readTimeout, writeTimeout);
}
