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

    /// <summary>
    /// Where reading can start again (a byte offset, or for MP4 a decode time in microseconds): after <see cref="Seek"/>
    /// to the value read just after <see cref="Next"/> returned a unit, Next returns every unit that followed that one in
    /// the file (perhaps with it and a few before it). The value of a fresh reader is the start of its media.
    /// </summary>
    long Position { get; }

    /// <summary>Continues reading from a <see cref="Position"/> this file gave; the tracks stay those of the first reading.</summary>
    void Seek(long position);
}
