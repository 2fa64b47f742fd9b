using MediaBroker.Codecs;
using MediaBroker.Media;

namespace MediaBroker.Streams.Files;

/// <summary>
/// Where a segment starts: a key frame of the primary track, known by its presentation time (<paramref name="KeyPts"/>,
/// in that track's clock; <paramref name="Time"/> in seconds), and the reader <see cref="IFileUnitReader.Position"/> to
/// read from to find it and every unit after it.
/// </summary>
public readonly record struct VodCut(double Time, long KeyPts, long Position);

/// <summary>
/// The seek index of a media file: its segment cut points (key frames of the primary track, video when there is one, at
/// least the segment duration apart) and the end of its media. Immutable; kept in <see cref="FileVodIndexCache"/>.
/// Segment n holds the primary track from cut n's key frame up to cut n+1's, and the other tracks' units whose time
/// falls between the two cuts' times (before the second cut for the first segment, from the last cut on for the last).
/// </summary>
public sealed class FileVodIndex
{
    /// <summary>Reading back this much before a cut catches units of other tracks muxed ahead of its key frame.</summary>
    internal const double InterleaveMargin = 1.0;

    /// <summary>Cut times are compared with this slack: timestamps in milliseconds or 90 kHz ticks do not add up exactly.</summary>
    private const double Slack = 1e-3;

    private readonly VodCut[] _cuts;
    private FileVodTracks? _tracks;

    internal FileVodIndex(int primary, VodCut[] cuts, double end)
    {
        Primary = primary;
        _cuts = cuts;
        End = Math.Max(end, cuts[^1].Time);
    }

    /// <summary>The position of the primary track among the reader's tracks.</summary>
    public int Primary { get; }

    public IReadOnlyList<VodCut> Cuts => _cuts;

    public int Count => _cuts.Length;

    /// <summary>Where the last frame of the primary track stops being shown, in seconds.</summary>
    public double End { get; }

    /// <summary>Seconds from the first cut to the end: what a player shows as the file's length.</summary>
    public double Duration => End - _cuts[0].Time;

    /// <summary>How long segment <paramref name="n"/> lasts, in seconds.</summary>
    public double SegmentDuration(int n) => (n + 1 < _cuts.Length ? _cuts[n + 1].Time : End) - _cuts[n].Time;

    /// <summary>
    /// The fMP4 description of the tracks (DASH), once a request has made it from the first segment: kept with the index,
    /// which lives as long as the file is unchanged.
    /// </summary>
    internal FileVodTracks? Tracks
    {
        get => Volatile.Read(ref _tracks);
        set => Volatile.Write(ref _tracks, value);
    }

    /// <summary>The track that segments are cut on: the first video track, else the first track.</summary>
    internal static int PrimaryOf(IReadOnlyList<Track> tracks)
    {
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Kind == MediaKind.Video)
            {
                return i;
            }
        }

        return 0;
    }

    internal static double Seconds(Unit unit) => unit.Pts / (double)unit.Track.ClockRate;

    /// <summary>
    /// Indexes an MP4 file from its sample tables alone. Throws <see cref="InvalidDataException"/> when the primary track
    /// has no key frame.
    /// </summary>
    internal static FileVodIndex FromSampleTables(Mp4FileUnitReader reader, double segmentSeconds)
    {
        var primary = PrimaryOf(reader.Tracks);
        var table = reader.Descriptions[primary];
        var rate = reader.Tracks[primary].ClockRate;
        var isVideo = reader.Tracks[primary].Kind == MediaKind.Video; // other tracks have no dependent samples
        var cuts = new List<VodCut>();
        double end = 0;
        foreach (var s in table.Samples)
        {
            var pts = Mp4FileUnitReader.Scale(s.Dts, table.Timescale, rate) + Mp4FileUnitReader.Scale(s.CompositionOffset, table.Timescale, rate);
            var seconds = pts / (double)rate;
            end = Math.Max(end, seconds + ((double)s.Duration / table.Timescale));
            if ((s.IsSync || !isVideo) && (cuts.Count == 0 || seconds - cuts[^1].Time >= segmentSeconds - Slack))
            {
                cuts.Add(new VodCut(seconds, pts, Mp4FileUnitReader.PositionOf(s.Dts, table.Timescale)));
            }
        }

        return cuts.Count == 0
            ? throw new InvalidDataException("the file has no key frame to start a segment at")
            : new FileVodIndex(primary, [.. cuts], end);
    }

    /// <summary>
    /// Indexes a Matroska file from its Cues (the key frames of the primary track and their Clusters) and Info's Duration,
    /// without reading its Clusters; null when it has no usable Cues or no Duration. Each cut resumes from the Cluster of
    /// a cue <see cref="InterleaveMargin"/> before it, as <see cref="Scan"/> does.
    /// </summary>
    internal static FileVodIndex? FromCues(MatroskaFileUnitReader reader, double segmentSeconds)
    {
        var primary = PrimaryOf(reader.Tracks);
        var track = reader.Tracks[primary];
        if (reader.ReadCues(track) is not { } cues)
        {
            return null;
        }

        var keys = cues.Keys;
        var rate = (double)track.ClockRate;
        var cuts = new List<VodCut>();
        var start = reader.Position;
        var resume = start;
        var behind = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var seconds = keys[i].Pts / rate;
            if (cuts.Count > 0 && seconds - cuts[^1].Time < segmentSeconds - Slack)
            {
                continue;
            }

            while (behind < i && keys[behind].Pts / rate <= seconds - InterleaveMargin)
            {
                resume = keys[behind++].Position;
            }

            cuts.Add(new VodCut(seconds, keys[i].Pts, cuts.Count == 0 ? start : resume));
        }

        return new FileVodIndex(primary, [.. cuts], cues.End);
    }

    /// <summary>
    /// Indexes a file by reading it once, unit by unit (nothing but the current unit is kept): each key frame of the primary
    /// track at least <paramref name="segmentSeconds"/> after the last cut becomes one, resumable from the reader position
    /// of a primary unit <see cref="InterleaveMargin"/> before it.
    /// </summary>
    internal static FileVodIndex Scan(IFileUnitReader reader, double segmentSeconds, CancellationToken ct = default)
    {
        var primary = PrimaryOf(reader.Tracks);
        var track = reader.Tracks[primary];
        var cuts = new List<VodCut>();
        var recent = new Queue<(double Time, long Position)>();
        var start = reader.Position;
        long? anchor = null;
        double end = 0, step = 0;
        long lastDts = long.MinValue;
        var units = 0;
        while (reader.Next() is { } u)
        {
            if ((++units & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (u.Track != track)
            {
                continue;
            }

            var seconds = Seconds(u);
            if (lastDts != long.MinValue && u.Dts > lastDts)
            {
                step = (u.Dts - lastDts) / (double)track.ClockRate;
            }

            lastDts = u.Dts;
            end = Math.Max(end, seconds + step);
            while (recent.Count > 0 && recent.Peek().Time <= seconds - InterleaveMargin)
            {
                anchor = recent.Dequeue().Position;
            }

            if (u.IsRandomAccess && (cuts.Count == 0 || seconds - cuts[^1].Time >= segmentSeconds - Slack))
            {
                cuts.Add(new VodCut(seconds, u.Pts, cuts.Count == 0 ? start : anchor ?? start));
            }

            recent.Enqueue((seconds, reader.Position));
        }

        return cuts.Count == 0
            ? throw new InvalidDataException("the file has no key frame to start a segment at")
            : new FileVodIndex(primary, [.. cuts], end);
    }
}
