using MediaBroker.Core;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>Creates <see cref="WhipPusher"/>s for whip:// (http) and whips:// (https) destinations.</summary>
/// <param name="options">Read at each <see cref="Create"/>, so a reloaded configuration applies to the next push.</param>
public sealed class WhipPusherFactory(Func<WhipPusherOptions> options) : IStreamPusherFactory
{
    public WhipPusherFactory()
        : this(static () => new WhipPusherOptions())
    {
    }

    public string? ProtocolOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.StartsWith("whip://", StringComparison.OrdinalIgnoreCase) ? "whip"
            : url.StartsWith("whips://", StringComparison.OrdinalIgnoreCase) ? "whips"
            : null;
    }

    public IStreamPusher Create(StreamPushTarget target) => new WhipPusher(target, options());
}
