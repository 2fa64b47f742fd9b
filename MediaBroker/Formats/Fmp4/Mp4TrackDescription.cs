namespace MediaBroker.Formats.Fmp4;

/// <summary>One trak: handler, timescale, first sample entry and its codec configuration, and every sample.</summary>
public sealed class Mp4TrackDescription
{
    public int TrackId { get; init; }

    /// <summary>hdlr handler_type ("vide", "soun", ...) as a four-character code.</summary>
    public uint HandlerType { get; init; }

    public int Timescale { get; init; }

    /// <summary>Sample entry type ("avc1", "mp4a", "Opus", ...).</summary>
    public uint SampleEntryType { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int ChannelCount { get; init; }

    public int SampleSize { get; init; }

    public int SampleRate { get; init; }

    /// <summary>Type of the configuration box found in the sample entry (avcC, hvcC, av1C, vpcC, dOps, dac3, esds), or 0.</summary>
    public uint ConfigBoxType { get; init; }

    /// <summary>Payload of that box; for esds, the DecoderSpecificInfo bytes.</summary>
    public byte[]? Config { get; init; }

    /// <summary>esds objectTypeIndication, or 0.</summary>
    public int ObjectTypeIndication { get; init; }

    /// <summary>The whole stsd box (header included) as found in the file, for writers that copy the sample entry as is.</summary>
    public byte[]? SampleDescriptionBox { get; internal set; }

    /// <summary>trex defaults (fragmented files).</summary>
    internal uint DefaultDuration { get; set; }

    internal uint DefaultSize { get; set; }

    internal uint DefaultFlags { get; set; }

    internal long NextDts { get; set; }

    public List<Mp4SampleInfo> Samples { get; } = [];

    public override string ToString() => $"{TrackId}:{Mp4BoxTypes.ToText(SampleEntryType)}@{Timescale} ({Samples.Count} samples)";
}
