namespace MediaBroker.Codecs;

/// <summary>Opus (RFC 7587). The RTP clock is always 48 kHz whatever the input rate.</summary>
public sealed record OpusCodec(int ChannelCount = 2) : Codec
{
    public override string Name => "Opus";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => 48000;
    public override IReadOnlyDictionary<string, object>? Properties => new Dictionary<string, object> { ["channelCount"] = ChannelCount };
}

/// <summary>MPEG-4 Audio (AAC) carried as raw access units; <paramref name="Config"/> is the AudioSpecificConfig.</summary>
public sealed record Mpeg4AudioCodec(byte[] Config, int SampleRate, int ChannelCount) : Codec
{
    public override string Name => "MPEG-4 Audio";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => SampleRate;
    public override IReadOnlyDictionary<string, object>? Properties =>
        new Dictionary<string, object> { ["sampleRate"] = SampleRate, ["channelCount"] = ChannelCount };

    /// <summary>Builds the descriptor from an AudioSpecificConfig, or returns null when it is malformed.</summary>
    public static Mpeg4AudioCodec? FromConfig(byte[] config)
    {
        try
        {
            return Aac.AudioSpecificConfig.TryParse(config, out var asc) ? new Mpeg4AudioCodec(config, asc.SampleRate, asc.ChannelCount) : null;
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }
}

/// <summary>MPEG-1/2 Audio layers I-III (MP2, MP3). The clock is 90 kHz as in RFC 2250.</summary>
public sealed record Mpeg12AudioCodec : Codec
{
    public override string Name => "MPEG-1/2 Audio";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => 90000;
}

public sealed record Ac3Codec(int SampleRate, int ChannelCount) : Codec
{
    public override string Name => "AC3";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => SampleRate;
    public override IReadOnlyDictionary<string, object>? Properties =>
        new Dictionary<string, object> { ["sampleRate"] = SampleRate, ["channelCount"] = ChannelCount };
}

public sealed record G711Codec(bool MuLaw, int SampleRate = 8000, int ChannelCount = 1) : Codec
{
    public override string Name => "G711";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => SampleRate;
    public override IReadOnlyDictionary<string, object>? Properties =>
        new Dictionary<string, object> { ["muLaw"] = MuLaw, ["sampleRate"] = SampleRate, ["channelCount"] = ChannelCount };
}

/// <summary>G.722; its RTP clock is 8 kHz for historical reasons (RFC 3551 §4.5.2) although it samples at 16 kHz.</summary>
public sealed record G722Codec : Codec
{
    public override string Name => "G722";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => 8000;
}

/// <summary>Linear PCM, big-endian as on RTP (L8/L16/L24).</summary>
public sealed record LpcmCodec(int BitDepth, int SampleRate, int ChannelCount) : Codec
{
    public override string Name => "LPCM";
    public override MediaKind Kind => MediaKind.Audio;
    public override int ClockRate => SampleRate;
    public override IReadOnlyDictionary<string, object>? Properties =>
        new Dictionary<string, object> { ["bitDepth"] = BitDepth, ["sampleRate"] = SampleRate, ["channelCount"] = ChannelCount };
}
