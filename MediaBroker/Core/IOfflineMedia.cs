using MediaBroker.Codecs;
using MediaBroker.Conf;

namespace MediaBroker.Core;

/// <summary>
/// Makes the offline media of an always-available path (<c>alwaysAvailable</c>): the built-in "stream is offline"
/// picture and silence for <c>alwaysAvailableTracks</c>, or <c>alwaysAvailableFile</c>. Implemented by the bridge
/// layer, which can read MP4; the core only runs it.
/// </summary>
public interface IOfflineMediaFactory
{
    /// <summary>
    /// The offline media of <paramref name="conf"/>. Throws <see cref="InvalidDataException"/> (a file that is not a
    /// usable MP4, a track that cannot be made) or <see cref="IOException"/> with a message for the log.
    /// </summary>
    IOfflineMedia Create(PathConf conf);
}

/// <summary>The offline media of one path: its tracks, and a writer that plays them in a loop in real time.</summary>
public interface IOfflineMedia
{
    /// <summary>The codecs of the offline tracks; they are also the tracks a publisher must match.</summary>
    IReadOnlyList<Codec> Codecs { get; }

    /// <summary>
    /// Writes units into <paramref name="feed"/> (whose tracks are <see cref="Codecs"/>, in order) at their pace, from
    /// the start of the media each time the feed is wanted (<see cref="MediaStream.WhenFeedWantedAsync"/>), pausing
    /// while a publisher is on, until <paramref name="ct"/> is cancelled or the feed is closed.
    /// </summary>
    Task RunAsync(MediaStream feed, CancellationToken ct);
}
