namespace MediaBroker.Formats.Flv;

public enum FlvVideoCodec
{
    /// <summary>A codec we do not carry (Sorenson H.263, VP6, screen video...); see <see cref="FlvVideoPacket.CodecTag"/>.</summary>
    Unsupported,
    H264,
    H265,
    Av1,
    Vp9,
}

public enum FlvPacketKind
{
    /// <summary>Decoder configuration (AVC/HEVC/AV1/VP9 configuration record, AAC AudioSpecificConfig, OpusHead).</summary>
    SequenceStart,
    CodedFrames,
    SequenceEnd,

    /// <summary>Anything to skip: metadata, video command frames, multichannel config, other tracks.</summary>
    Ignored,
}

/// <summary>One video tag body, decoded. <see cref="Data"/> slices the input (no copy).</summary>
/// <param name="CodecTag">The legacy codec id, or the FourCC for Enhanced RTMP, for error messages.</param>
/// <param name="CompositionTime">PTS minus DTS in milliseconds (signed 24-bit, FLV E.4.3.1).</param>
public readonly record struct FlvVideoPacket(
    FlvVideoCodec Codec,
    FlvPacketKind Kind,
    bool IsKeyFrame,
    int CompositionTime,
    ReadOnlyMemory<byte> Data,
    uint CodecTag,
    bool IsEnhanced);
