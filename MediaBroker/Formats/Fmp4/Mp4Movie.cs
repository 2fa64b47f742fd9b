namespace MediaBroker.Formats.Fmp4;

/// <summary>What <see cref="Mp4FileReader"/> found in a file: tracks with their samples, and for fragmented files the fragments.</summary>
public sealed class Mp4Movie
{
    public required IReadOnlyList<Mp4TrackDescription> Tracks { get; init; }

    /// <summary>One record per traf/trun, in file order; empty for a regular MP4.</summary>
    public required IReadOnlyList<Mp4FragmentRecord> Fragments { get; init; }

    public bool IsFragmented => Fragments.Count > 0 || HasMovieExtends;

    public bool HasMovieExtends { get; init; }
}

/// <summary>One sample: where its bytes are in the file, its decode time and duration in the track timescale, and flags.</summary>
public readonly record struct Mp4SampleInfo(long Offset, int Size, long Dts, int CompositionOffset, uint Duration, bool IsSync, uint Flags)
{
    public long Pts => Dts + CompositionOffset;
}

/// <summary>One traf of a moof as written: sequence number, tfdt and trun header fields.</summary>
public readonly record struct Mp4FragmentRecord(uint SequenceNumber, int TrackId, long? BaseDecodeTime, int TfdtVersion, int TrunVersion, uint TrunFlags,
    int SampleCount, long MoofOffset, int? DataOffset);
