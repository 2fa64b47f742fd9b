using MediaBroker.Record;

namespace MediaBroker.Playback;

/// <summary>Contiguous segments merged into the time spans that /list answers, and the runs of segments /get reads.</summary>
internal static class PlaybackSpans
{
    /// <summary>How far a segment may start from the previous one's end and still continue it: about a frame, plus clock jitter.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(100);

    public static bool Continues(RecordSegment previous, RecordSegment next) =>
        (next.Start - previous.End).Duration() <= Tolerance;

    /// <summary>Spans of the segments (sorted by start) clipped to [start, end] when given.</summary>
    public static List<(DateTime Start, TimeSpan Duration)> Merge(IReadOnlyList<RecordSegment> segments, DateTime? start, DateTime? end)
    {
        var spans = new List<(DateTime Start, DateTime End)>();
        RecordSegment? previous = null;
        foreach (var s in segments)
        {
            if ((start is { } a && s.End <= a) || (end is { } b && s.Start >= b))
            {
                previous = null;
                continue;
            }

            if (previous is not null && spans.Count > 0 && Continues(previous, s))
            {
                var last = spans[^1];
                spans[^1] = (last.Start, s.End > last.End ? s.End : last.End);
            }
            else
            {
                spans.Add((s.Start, s.End));
            }

            previous = s;
        }

        var result = new List<(DateTime, TimeSpan)>(spans.Count);
        foreach (var (s, e) in spans)
        {
            var cs = start is { } a && s < a ? a : s;
            var ce = end is { } b && e > b ? b : e;
            if (ce > cs)
            {
                result.Add((cs, ce - cs));
            }
        }

        return result;
    }
}
