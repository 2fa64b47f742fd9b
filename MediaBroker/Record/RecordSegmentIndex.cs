using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Record;

/// <summary>
/// What <see cref="RecordSegmentReader"/> found in a fragmented MP4 segment without reading its media: the init
/// section (ftyp + moov, as written), the tracks with the offset, time and flags of every sample of every complete
/// moof+mdat part, and where the last complete part ends.
/// </summary>
public sealed class RecordSegmentIndex
{
    public required byte[] Init { get; init; }

    public required Mp4Movie Movie { get; init; }

    /// <summary>The byte after the last complete part; an incomplete part after it (a crash while writing) is ignored.</summary>
    public required long CompleteLength { get; init; }

    /// <summary>The longest track's span, from its first sample's decode time to the end of its last sample.</summary>
    public TimeSpan Duration
    {
        get
        {
            var longest = TimeSpan.Zero;
            foreach (var t in Movie.Tracks)
            {
                if (t.Samples.Count == 0)
                {
                    continue;
                }

                var last = t.Samples[^1];
                var span = TimeSpan.FromTicks((long)((Int128)(last.Dts + last.Duration - t.Samples[0].Dts) * TimeSpan.TicksPerSecond / t.Timescale));
                if (span > longest)
                {
                    longest = span;
                }
            }

            return longest;
        }
    }
}
