using MediaBroker.Formats.Fmp4;
using MediaBroker.Record;

namespace MediaBroker.Playback;

/// <summary>
/// The samples /get serves: from the key frame at or before the requested start, for the requested duration, across
/// contiguous segments that have the same tracks. Each track's decode times are made continuous across segment
/// boundaries (a segment's timeline restarts near 0) and shifted so the output starts at 0.
/// </summary>
internal sealed class PlaybackCut
{
    private PlaybackCut(byte[] init, Mp4CopyTrack[] tracks, List<(int File, long Offset)>[] sources, string[] files, DateTime start)
    {
        Init = init;
        Tracks = tracks;
        Sources = sources;
        Files = files;
        Start = start;
    }

    /// <summary>The first segment's init section (ftyp + moov), valid for every segment of the cut.</summary>
    public byte[] Init { get; }

    /// <summary>The tracks with their samples on the output timeline.</summary>
    public Mp4CopyTrack[] Tracks { get; }

    /// <summary>For each track and sample, the file (index into <see cref="Files"/>) and offset its bytes are at.</summary>
    public List<(int File, long Offset)>[] Sources { get; }

    public string[] Files { get; }

    /// <summary>The wall-clock time of the output's first key frame.</summary>
    public DateTime Start { get; }

    public bool IsEmpty => Tracks.All(t => t.Samples.Count == 0);

    /// <summary>
    /// Builds the cut from <paramref name="segments"/> (sorted, the first one holding or following the start), reading
    /// each segment's headers until the end is reached, a gap appears or the tracks change. Null when nothing lies there.
    /// </summary>
    public static PlaybackCut? Build(IReadOnlyList<RecordSegment> segments, DateTime start, TimeSpan duration)
    {
        if (segments.Count == 0)
        {
            return null;
        }

        var first = segments[0];
        var index0 = RecordStore(first);
        var tracks0 = index0.Movie.Tracks;
        var n = tracks0.Count;
        var samples = new List<Mp4SampleInfo>[n];
        var sources = new List<(int File, long Offset)>[n];
        var trackEnd = new long[n];
        for (var i = 0; i < n; i++)
        {
            samples[i] = [];
            sources[i] = [];
        }

        var files = new List<string>();
        var end = PlaybackQuery.End(start, duration);
        RecordSegment? previous = null;
        foreach (var seg in segments)
        {
            if (seg.Start >= end || (previous is not null && !PlaybackSpans.Continues(previous, seg)))
            {
                break;
            }

            var index = ReferenceEquals(seg, first) ? index0 : RecordStore(seg);
            if (!SameTracks(tracks0, index.Movie.Tracks))
            {
                break;
            }

            var fileIndex = files.Count;
            files.Add(seg.File);
            for (var i = 0; i < n; i++)
            {
                var src = index.Movie.Tracks[i].Samples;
                if (src.Count == 0)
                {
                    continue;
                }

                // First segment: its own timeline (near 0 at its start). Later ones: continue where this track ended.
                var shift = previous is null ? 0 : trackEnd[i] - src[0].Dts;
                foreach (var s in src)
                {
                    samples[i].Add(s with { Dts = s.Dts + shift });
                    sources[i].Add((fileIndex, s.Offset));
                }

                trackEnd[i] = samples[i][^1].Dts + samples[i][^1].Duration;
            }

            previous = seg;
        }

        // The cut point: the last key frame at or before the start, on the first video track (or the first track).
        var key = 0;
        for (var i = 0; i < n; i++)
        {
            if (tracks0[i].HandlerType == 0x76696465)
            {
                key = i;
                break;
            }
        }

        var keyScale = tracks0[key].Timescale;
        var startTicks = Scale((start - first.Start).Ticks, TimeSpan.TicksPerSecond, keyScale);
        var endTicks = Scale((end - first.Start).Ticks, TimeSpan.TicksPerSecond, keyScale);
        long? cut = null;
        foreach (var s in samples[key])
        {
            if (s.IsSync && (s.Dts <= startTicks || cut is null))
            {
                cut = s.Dts;
            }

            if (s.Dts > startTicks)
            {
                break;
            }
        }

        if (cut is null)
        {
            return null;
        }

        var copy = new Mp4CopyTrack[n];
        var kept = new List<(int File, long Offset)>[n];
        for (var i = 0; i < n; i++)
        {
            var ts = tracks0[i].Timescale;
            var from = Scale(cut.Value, keyScale, ts);
            var to = Scale(endTicks, keyScale, ts);
            var outSamples = new List<Mp4SampleInfo>();
            kept[i] = [];
            for (var j = 0; j < samples[i].Count; j++)
            {
                var s = samples[i][j];
                if (s.Dts >= from && s.Dts < to)
                {
                    outSamples.Add(s with { Dts = s.Dts - from });
                    kept[i].Add(sources[i][j]);
                }
            }

            copy[i] = new Mp4CopyTrack(tracks0[i], outSamples);
        }

        var cutStart = first.Start + TimeSpan.FromTicks(Scale(cut.Value, keyScale, TimeSpan.TicksPerSecond));
        return new PlaybackCut(index0.Init, copy, kept, [.. files], cutStart);
    }

    private static RecordSegmentIndex RecordStore(RecordSegment segment) => RecordingStore.ReadIndex(segment);

    private static long Scale(long value, long from, long to) => (long)((Int128)value * to / from);

    private static bool SameTracks(IReadOnlyList<Mp4TrackDescription> a, IReadOnlyList<Mp4TrackDescription> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].TrackId != b[i].TrackId || a[i].Timescale != b[i].Timescale || a[i].HandlerType != b[i].HandlerType
                || !a[i].SampleDescriptionBox.AsSpan().SequenceEqual(b[i].SampleDescriptionBox))
            {
                return false;
            }
        }

        return true;
    }
}
