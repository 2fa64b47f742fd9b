using System.Collections.Immutable;

namespace MediaBroker.Protocols.Hls;

// The small immutable records a muxer publishes live together: they only make sense side by side.

/// <summary>An LL-HLS partial segment: one fMP4 moof+mdat. <paramref name="Id"/> counts parts across segments and names the file.</summary>
internal sealed record HlsPart(long Id, long SegmentMsn, int Index, double Duration, bool Independent, ReadOnlyMemory<byte> Data);

/// <summary>
/// A complete media segment. fMP4 segments are the concatenation of their parts (each a moof+mdat), so the bytes
/// are never copied twice; MPEG-TS segments have one chunk and no parts.
/// </summary>
internal sealed record HlsSegment(
    long Msn,
    DateTime ProgramDateTime,
    double Duration,
    ImmutableArray<HlsPart> Parts,
    ImmutableArray<ReadOnlyMemory<byte>> Chunks,
    long Size,
    int VideoFrames);

/// <summary>What the multivariant playlist says about the stream.</summary>
internal sealed record HlsStreamInfo(string Codecs, int Width, int Height)
{
    public bool HasResolution => Width > 0 && Height > 0;
}
