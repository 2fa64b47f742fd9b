using MediaBroker.Core;

namespace MediaBroker.Push.Files;

/// <summary>Pushes to files: an absolute path or file:// URL ending in .ts, .flv, .mp4 or .mkv (see <see cref="FileTarget"/>).</summary>
public sealed class FilePusherFactory : IStreamPusherFactory
{
    public string? ProtocolOf(string url) => url is not null && FileTarget.IsFileUrl(url) ? "file" : null;

    /// <exception cref="ArgumentException">The target is not a file this factory can write (the message says why).</exception>
    public IStreamPusher Create(StreamPushTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return FileTarget.TryParse(target.Url, out var file, out var error)
            ? new FilePusher(file!)
            : throw new ArgumentException(error, nameof(target));
    }
}
