using System.Buffers;
using System.Collections.Immutable;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Protocols.Hls;

// The small immutable records a muxer publishes live together: they only make sense side by side.

/// <summary>An LL-HLS partial segment: one fMP4 moof+mdat. <paramref name="Id"/> counts parts across segments and names the file.</summary>
internal sealed record HlsPart(long Id, long SegmentMsn, int Index, double Duration, bool Independent, ReadOnlyMemory<byte> Data)
{
    private byte[]?[]? _tracks;

    /// <summary>
    /// DASH: this part with track <paramref name="track"/> only (<see cref="Fmp4TrackExtractor"/>), made on the first
    /// request for it and kept with the part, so each part is split once however many DASH viewers ask.
    /// </summary>
    public ReadOnlyMemory<byte> TrackData(DashTrack track, int trackCount)
    {
        var cache = Volatile.Read(ref _tracks) ?? Interlocked.CompareExchange(ref _tracks, new byte[]?[trackCount], null) ?? _tracks!;
        if (Volatile.Read(ref cache[track.Index]) is { } hit)
        {
            return hit;
        }

        var w = new ArrayBufferWriter<byte>(Data.Length);
        Fmp4TrackExtractor.ExtractFragments(Data.Span, track.TrackId, w);
        return Interlocked.CompareExchange(ref cache[track.Index], w.WrittenSpan.ToArray(), null) ?? cache[track.Index]!;
    }
}

/// <summary>
/// A complete media segment. fMP4 segments are the concatenation of their parts (each a moof+mdat), so the bytes
/// are never copied twice; MPEG-TS segments have one chunk and no parts. <paramref name="MediaTime"/> and
/// <paramref name="MediaDuration"/> count in <see cref="HlsStreamInfo.Timescale"/> (fMP4 only: the DASH timeline,
/// equal to the tfdt of the segment's first track); <paramref name="TrackBytes"/> are the sample bytes per carried track.
/// </summary>
internal sealed record HlsSegment(
    long Msn,
    DateTime ProgramDateTime,
    double Duration,
    ImmutableArray<HlsPart> Parts,
    ImmutableArray<ReadOnlyMemory<byte>> Chunks,
    long Size,
    int VideoFrames,
    long MediaTime = 0,
    long MediaDuration = 0,
    ImmutableArray<long> TrackBytes = default);

/// <summary>
/// What the multivariant playlist (and the DASH manifest) says about the stream. <paramref name="Timescale"/> is the fMP4
/// timescale of the first carried track; <paramref name="Tracks"/> the carried tracks as DASH serves them (fMP4 only).
/// </summary>
internal sealed record HlsStreamInfo(string Codecs, int Width, int Height, int Timescale = 0, ImmutableArray<DashTrack> Tracks = default)
{
    public bool HasResolution => Width > 0 && Height > 0;
}
