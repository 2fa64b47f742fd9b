using MediaBroker.Core;

namespace MediaBroker.Protocols.Srt;

/// <summary>Creates <see cref="SrtPusher"/>s for <c>srt://</c> destinations. An invalid URL fails the push's <c>RunAsync</c>, like any other error.</summary>
/// <param name="options">Read when each pusher is created, so a reloaded configuration applies to the next attempt.</param>
public sealed class SrtPusherFactory(SrtRuntime runtime, Func<SrtPusherOptions> options) : IStreamPusherFactory
{
    public string? ProtocolOf(string url) => url.StartsWith("srt://", StringComparison.OrdinalIgnoreCase) ? "srt" : null;

    public IStreamPusher Create(StreamPushTarget target) => new SrtPusher(target, runtime, options());
}
