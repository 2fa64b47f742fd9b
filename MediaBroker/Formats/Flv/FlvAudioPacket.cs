namespace MediaBroker.Formats.Flv;

public enum FlvAudioCodec
{
    /// <summary>A codec we do not carry (ADPCM, Nellymoser, Speex, PCM...); see <see cref="FlvAudioPacket.CodecTag"/>.</summary>
    Unsupported,
    Aac,
    Mp3,
    Opus,
    Ac3,
    G711ALaw,
    G711MuLaw,
}

/// <summary>One audio tag body, decoded. <see cref="Data"/> slices the input (no copy).</summary>
/// <param name="CodecTag">The legacy SoundFormat, or the FourCC for Enhanced RTMP.</param>
/// <param name="ChannelCount">From the legacy header (1 or 2); 0 for Enhanced RTMP.</param>
public readonly record struct FlvAudioPacket(
    FlvAudioCodec Codec,
    FlvPacketKind Kind,
    ReadOnlyMemory<byte> Data,
    uint CodecTag,
    int ChannelCount,
    bool IsEnhanced);
