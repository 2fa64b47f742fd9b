using MediaBroker.Media;

namespace MediaBroker.Streams.Files;

/// <summary>
/// Reads one media file as units, in file order, a little at a time: only the index (MP4's moov) and the next few
/// units are ever in memory. Times are in each track's clock, as the file has them.
/// </summary>
internal interface IFileUnitReader : IDisposable
{
    /// <summary>The tracks, known once the reader is open; a unit's <see cref="Unit.Track"/> is one of these.</summary>
    IReadOnlyList<Track> Tracks { get; }

    /// <summary>The next unit, or null at the end of the file. Throws <see cref="InvalidDataException"/> on damaged media.</summary>
    Unit? Next();
}
