using System.Collections.Immutable;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The muxer's published state: immutable, replaced after every part or segment. HTTP requests read one snapshot
/// without locks and wait for <see cref="Next"/> when what they want does not exist yet (blocking playlist reload,
/// preload-hinted parts).
/// </summary>
internal sealed record HlsSnapshot
{
    public static readonly HlsSnapshot Empty = new() { Next = new TaskCompletionSource().Task };

    /// <summary>The fMP4 init segment (ftyp+moov); empty for MPEG-TS.</summary>
    public ReadOnlyMemory<byte> Init { get; init; }

    /// <summary>Complete segments, oldest first (one more than the playlist lists, for players a little behind).</summary>
    public ImmutableArray<HlsSegment> Segments { get; init; } = [];

    /// <summary>Parts of the segment being built.</summary>
    public ImmutableArray<HlsPart> CurrentParts { get; init; } = [];

    /// <summary>Media sequence number of the segment being built.</summary>
    public long CurrentMsn { get; init; }

    /// <summary>Wall-clock time of the first unit of the segment being built.</summary>
    public DateTime CurrentProgramDateTime { get; init; }

    /// <summary>Id of the part that will be published next (the preload hint).</summary>
    public long NextPartId { get; init; }

    /// <summary>EXT-X-TARGETDURATION: the longest segment so far, rounded up to whole seconds; never shrinks.</summary>
    public int TargetDuration { get; init; } = 1;

    /// <summary>EXT-X-PART-INF PART-TARGET: the configured part duration or the longest part so far; never shrinks.</summary>
    public double PartTarget { get; init; }

    public HlsStreamInfo? Info { get; init; }

    /// <summary>
    /// The server's wall-clock time at media time 0 of the segments' timeline (fMP4), fixed when the first segment started:
    /// a segment that starts at media time t was being written at <c>MediaTimeZero + t</c>. DASH's availabilityStartTime.
    /// </summary>
    public DateTime MediaTimeZero { get; init; }

    /// <summary>The muxer stopped (stream ended, muxer closed): no more snapshots will follow.</summary>
    public bool Ended { get; init; }

    /// <summary>Completes when a newer snapshot is published.</summary>
    public required Task Next { get; init; }

    /// <summary>
    /// This snapshot's playlists, rendered on first request. <see cref="HlsSnapshotSource.Publish"/> gives every published
    /// snapshot a fresh one, so a copy made with <c>with</c> never serves the text of the snapshot it was copied from.
    /// </summary>
    public HlsRenderedPlaylists Rendered { get; init; } = new();

    public HlsSegment? FindSegment(long msn)
    {
        foreach (var s in Segments)
        {
            if (s.Msn == msn)
            {
                return s;
            }
        }

        return null;
    }

    public HlsPart? FindPart(long id)
    {
        foreach (var p in CurrentParts)
        {
            if (p.Id == id)
            {
                return p;
            }
        }

        for (var i = Segments.Length - 1; i >= 0; i--)
        {
            var parts = Segments[i].Parts;
            if (parts.IsEmpty || parts[0].Id > id)
            {
                continue;
            }

            foreach (var p in parts)
            {
                if (p.Id == id)
                {
                    return p;
                }
            }

            return null;
        }

        return null;
    }

    /// <summary>LL-HLS blocking reload (draft-pantos-hls-rfc8216bis §6.2.5.2): does the playlist hold segment <paramref name="msn"/>
    /// (complete) or, when <paramref name="part"/> is given, that part of it?</summary>
    public bool Contains(long msn, int? part)
    {
        if (part is not { } p)
        {
            return !Segments.IsEmpty && Segments[^1].Msn >= msn;
        }

        return CurrentMsn > msn || (CurrentMsn == msn && CurrentParts.Length > p);
    }

    /// <summary>Bits per second: the peak over listed segments, and the average.</summary>
    public (long Peak, long Average) Bandwidth()
    {
        double peak = 0, bytes = 0, seconds = 0;
        foreach (var s in Segments)
        {
            if (s.Duration <= 0)
            {
                continue;
            }

            peak = Math.Max(peak, s.Size * 8 / s.Duration);
            bytes += s.Size;
            seconds += s.Duration;
        }

        return ((long)Math.Ceiling(peak), seconds > 0 ? (long)Math.Ceiling(bytes * 8 / seconds) : 0);
    }

    /// <summary>Video frames per second over the listed segments, or 0 when there is no video.</summary>
    public double FrameRate()
    {
        double frames = 0, seconds = 0;
        foreach (var s in Segments)
        {
            frames += s.VideoFrames;
            seconds += s.Duration;
        }

        return frames > 0 && seconds > 0 ? frames / seconds : 0;
    }
}
