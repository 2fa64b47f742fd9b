using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Formats.Matroska;

/// <summary>
/// Matroska codec IDs (the Matroska codec mappings) to our codecs: H264, H265 and AV1 video (their CodecPrivate is the
/// same record as MP4's avcC/hvcC/av1C), AAC, Opus, MP3/MP2 and AC-3 audio.
/// </summary>
public static class MatroskaCodecs
{
    /// <summary>The codec, or null when MediaBroker cannot carry it.</summary>
    public static Codec? TryGetCodec(MatroskaTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return track.CodecId switch
        {
            "V_MPEG4/ISO/AVC" when IsFourByteNalLength(track.CodecPrivate, 4) => ViaMp4(track, Mp4BoxTypes.Avc1),
            "V_MPEGH/ISO/HEVC" when IsFourByteNalLength(track.CodecPrivate, 21) => ViaMp4(track, Mp4BoxTypes.Hvc1),
            "V_AV1" => ViaMp4(track, Mp4BoxTypes.Av01),
            "A_AAC" when track.CodecPrivate is { Length: >= 2 } asc => new Mpeg4AudioCodec(asc, track.SampleRate, track.Channels),
            "A_OPUS" => new OpusCodec(track.Channels is 1 ? 1 : 2),
            "A_MPEG/L3" or "A_MPEG/L2" => new Mpeg12AudioCodec(),
            "A_AC3" => new Ac3Codec(track.SampleRate, track.Channels),
            _ => null,
        };
    }

    /// <summary>Splits a frame into unit payloads the way MP4 samples are split (NAL units, OBUs, or whole).</summary>
    public static ReadOnlyMemory<byte>[]? SplitFrame(Codec codec, ReadOnlyMemory<byte> frame) => Mp4TrackCodecs.SplitSample(codec, frame);

    /// <summary>The records' lengthSizeMinusOne must say 4-byte NAL lengths, the only framing the splitter reads.</summary>
    private static bool IsFourByteNalLength(byte[]? record, int at) => record is { } r && r.Length > at && (r[at] & 3) == 3;

    private static Codec? ViaMp4(MatroskaTrack track, uint sampleEntry) => Mp4TrackCodecs.TryGetCodec(new Mp4TrackDescription
    {
        TrackId = track.Number,
        SampleEntryType = sampleEntry,
        Width = track.Width,
        Height = track.Height,
        Config = track.CodecPrivate,
    });
}
