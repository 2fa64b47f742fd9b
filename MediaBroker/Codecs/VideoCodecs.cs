namespace MediaBroker.Codecs;

// The small descriptor records live together: each is a few lines and they only make sense side by side.

/// <summary>H.264 (RFC 6184). Parameter sets are raw NAL units without start codes.</summary>
public sealed record H264Codec(byte[]? Sps, byte[]? Pps, int PacketizationMode = 1) : Codec
{
    public override string Name => "H264";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
    public override IReadOnlyDictionary<string, object>? Properties => H264.H264SpsInfo.ToApiProperties(Sps);
}

/// <summary>H.265 (RFC 7798). Parameter sets are raw NAL units without start codes.</summary>
public sealed record H265Codec(byte[]? Vps, byte[]? Sps, byte[]? Pps) : Codec
{
    public override string Name => "H265";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
    public override IReadOnlyDictionary<string, object>? Properties => H265.H265SpsInfo.ToApiProperties(Sps);
}

/// <summary>AV1; <paramref name="SequenceHeader"/> is the sequence header OBU when known.</summary>
public sealed record Av1Codec(byte[]? SequenceHeader) : Codec
{
    public override string Name => "AV1";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
    public override IReadOnlyDictionary<string, object>? Properties => Av1.Av1SequenceHeaderInfo.ToApiProperties(SequenceHeader);
}

public sealed record Vp8Codec : Codec
{
    public override string Name => "VP8";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
}

public sealed record Vp9Codec(int Profile = 0) : Codec
{
    public override string Name => "VP9";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
    public override IReadOnlyDictionary<string, object>? Properties => new Dictionary<string, object> { ["profile"] = Profile };
}

/// <summary>MPEG-4 Part 2 video; <paramref name="Config"/> is the VOS/VOL header.</summary>
public sealed record Mpeg4VideoCodec(byte[]? Config) : Codec
{
    public override string Name => "MPEG-4 Video";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
}

public sealed record Mpeg12VideoCodec : Codec
{
    public override string Name => "MPEG-1/2 Video";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
}

public sealed record MjpegCodec : Codec
{
    public override string Name => "M-JPEG";
    public override MediaKind Kind => MediaKind.Video;
    public override int ClockRate => 90000;
}
