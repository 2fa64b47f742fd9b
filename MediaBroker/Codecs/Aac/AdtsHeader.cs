namespace MediaBroker.Codecs.Aac;

/// <summary>
/// ADTS fixed + variable header, ISO/IEC 14496-3 §1.A.2.2 (7 bytes, 9 with CRC). Used by MPEG-TS and
/// raw .aac files; our units hold the raw access units, so this is framing at the edges.
/// </summary>
public readonly record struct AdtsHeader(
    int ObjectType,
    int SamplingFrequencyIndex,
    int ChannelConfiguration,
    int FrameLength,
    bool HasCrc,
    int RawDataBlocks)
{
    public const int MinLength = 7;

    public int SampleRate => AudioSpecificConfig.SampleRates[SamplingFrequencyIndex];

    public int ChannelCount => AudioSpecificConfig.ChannelCountOf(ChannelConfiguration);

    /// <summary>7, or 9 when a CRC follows the header (protection_absent = 0).</summary>
    public int HeaderLength => HasCrc ? 9 : 7;

    /// <summary>Bytes of raw data (access units) after the header.</summary>
    public int PayloadLength => FrameLength - HeaderLength;

    public AudioSpecificConfig ToAudioSpecificConfig() =>
        new(ObjectType, SampleRate, ChannelCount) { ChannelConfiguration = ChannelConfiguration };

    /// <summary>
    /// The 2-byte AudioSpecificConfig this header implies (§1.6.2.1 with an all-zero GASpecificConfig). Unlike
    /// <see cref="AudioSpecificConfig.Build"/> it keeps channelConfiguration 0 (channels given by a PCE in the stream).
    /// </summary>
    public byte[] BuildAudioSpecificConfig() =>
        [(byte)((ObjectType << 3) | (SamplingFrequencyIndex >> 1)), (byte)(((SamplingFrequencyIndex & 1) << 7) | (ChannelConfiguration << 3))];

    /// <summary>
    /// True when <see cref="Write"/> can frame this config: object type 1-4 (HE-AAC parses to its AAC LC core, which ADTS
    /// signals implicitly), a sample rate with a frequency index, and a channel configuration below 8.
    /// </summary>
    public static bool CanWrite(in AudioSpecificConfig config) =>
        config.ObjectType is >= 1 and <= 4
        && AudioSpecificConfig.SampleRates.IndexOf(config.SampleRate) >= 0
        && AdtsChannels(config) is >= 0 and < 8;

    /// <summary>Parses the header at the start of <paramref name="data"/>. False when fewer than the header's bytes are present.</summary>
    /// <exception cref="CodecProtocolException">No syncword, layer not 0, reserved rate, or frame shorter than its header.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        if (data.Length < 2)
        {
            return false;
        }

        if (data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            throw new CodecProtocolException("ADTS syncword or layer missing");
        }

        var hasCrc = (data[1] & 1) == 0;
        if (data.Length < (hasCrc ? 9 : 7))
        {
            return false;
        }

        var objectType = (data[2] >> 6) + 1;
        var index = (data[2] >> 2) & 0xF;
        if (index >= AudioSpecificConfig.SampleRates.Length)
        {
            throw new CodecProtocolException($"ADTS sampling_frequency_index {index} is reserved");
        }

        var channels = ((data[2] & 1) << 2) | (data[3] >> 6);
        var length = ((data[3] & 3) << 11) | (data[4] << 3) | (data[5] >> 5);
        header = new AdtsHeader(objectType, index, channels, length, hasCrc, (data[6] & 3) + 1);
        if (length < header.HeaderLength)
        {
            throw new CodecProtocolException($"ADTS frame_length {length} is shorter than its header");
        }

        return true;
    }

    /// <summary>Writes a 7-byte header (no CRC) for one access unit of <paramref name="accessUnitLength"/> bytes.</summary>
    public static void Write(Span<byte> destination, in AudioSpecificConfig config, int accessUnitLength)
    {
        if (!CanWrite(config))
        {
            throw new ArgumentException("ADTS can only carry object types 1-4 at a standard sample rate with channelConfiguration < 8", nameof(config));
        }

        var index = AudioSpecificConfig.SampleRates.IndexOf(config.SampleRate);
        var channels = AdtsChannels(config);
        var length = accessUnitLength + 7;
        if (length > 0x1FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(accessUnitLength), accessUnitLength, "ADTS frames hold at most 8184 bytes");
        }

        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, protection_absent
        destination[2] = (byte)(((config.ObjectType - 1) << 6) | (index << 2) | (channels >> 2));
        destination[3] = (byte)(((channels & 3) << 6) | (length >> 11));
        destination[4] = (byte)(length >> 3);
        destination[5] = (byte)(((length & 7) << 5) | 0x1F); // buffer fullness 0x7FF: VBR
        destination[6] = 0xFC;
    }

    private static int AdtsChannels(in AudioSpecificConfig config) =>
        config.ChannelConfiguration != 0 ? config.ChannelConfiguration : config.ChannelCount == 8 ? 7 : config.ChannelCount;
}
