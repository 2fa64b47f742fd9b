using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>Creates <see cref="RtspPusher"/>s for <c>rtsp://</c> and <c>rtsps://</c> destinations.</summary>
/// <param name="options">Read when each pusher is created, so a reloaded configuration applies to the next attempt.</param>
public sealed class RtspPusherFactory(Func<RtspPusherOptions> options) : IStreamPusherFactory
{
    public string? ProtocolOf(string url) =>
        url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) ? "rtsp"
        : url.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase) ? "rtsps"
        : null;

    public IStreamPusher Create(StreamPushTarget target) => new RtspPusher(target, options());
}
