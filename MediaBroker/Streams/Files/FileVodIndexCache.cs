namespace MediaBroker.Streams.Files;

/// <summary>
/// The seek indexes of the files read for seeking, so that a file is scanned once rather than on every playlist or
/// segment request. An entry is used while the file keeps its size and modification time and the segment duration is
/// the same; at most <see cref="Capacity"/> are kept, the least recently used leaving first.
/// </summary>
public sealed class FileVodIndexCache
{
    public const int Capacity = 64;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _clock;

    /// <summary>Indexes built since start (a cache miss each).</summary>
    public long Builds { get; private set; }

    /// <summary>
    /// The index of <paramref name="file"/>: cached, or built (outside the lock; two first requests may both build).
    /// Throws <see cref="InvalidDataException"/> when the file cannot be indexed, or an I/O exception.
    /// </summary>
    public FileVodIndex Get(string file, TimeSpan segmentDuration, CancellationToken ct = default)
    {
        var info = new FileInfo(file);
        var stamp = (info.Length, info.LastWriteTimeUtc.Ticks, segmentDuration.Ticks);
        lock (_lock)
        {
            if (_entries.TryGetValue(file, out var hit) && hit.Stamp == stamp)
            {
                hit.Used = ++_clock;
                return hit.Index;
            }
        }

        var index = Build(file, segmentDuration.TotalSeconds, ct);
        lock (_lock)
        {
            Builds++;
            if (!_entries.ContainsKey(file) && _entries.Count >= Capacity)
            {
                var oldest = _entries.MinBy(e => e.Value.Used).Key;
                _entries.Remove(oldest);
            }

            _entries[file] = new Entry(stamp, index) { Used = ++_clock };
        }

        return index;
    }

    private static FileVodIndex Build(string file, double segmentSeconds, CancellationToken ct)
    {
        using var reader = FileUnitReaders.Open(file);
        try
        {
            return reader switch
            {
                Mp4FileUnitReader mp4 => FileVodIndex.FromSampleTables(mp4, segmentSeconds),
                MatroskaFileUnitReader mkv when FileVodIndex.FromCues(mkv, segmentSeconds) is { } cued => cued,
                _ => FileVodIndex.Scan(reader, segmentSeconds, ct),
            };
        }
        catch (InvalidDataException ex) when (!ex.Message.Contains(file, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file}: {ex.Message}", ex);
        }
    }

    private sealed class Entry((long, long, long) stamp, FileVodIndex index)
    {
        public (long Length, long Modified, long Segment) Stamp { get; } = stamp;

        public FileVodIndex Index { get; } = index;

        public long Used { get; set; }
    }
}
