namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// The ADTS header of AAC in MPEG-TS (ISO/IEC 13818-7 §6.2, ISO/IEC 14496-3 §1.A.2). A minimal helper
/// kept here until the shared Codecs ADTS parser lands.
/// </summary>
internal readonly record struct AdtsHeader(int ObjectType, int SampleRateIndex, int ChannelConfig, int HeaderLength, int FrameLength, int RawBlocks)
{
    public const int SamplesPerBlock = 1024;

    private static ReadOnlySpan<int> Rates => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public int SampleRate => Rates[SampleRateIndex];

    public static bool TryRead(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        if (data.Length < 7)
        {
            return false;
        }

        if (data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "ADTS syncword missing");
        }

        var protectionAbsent = (data[1] & 0x1) != 0;
        var sfi = (data[2] >> 2) & 0xF;
        var frameLength = ((data[3] & 0x3) << 11) | (data[4] << 3) | (data[5] >> 5);
        var headerLength = protectionAbsent ? 7 : 9;
        if (sfi >= Rates.Length || frameLength <= headerLength)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "ADTS header out of range");
        }

        header = new AdtsHeader(
            ObjectType: (data[2] >> 6) + 1,
            SampleRateIndex: sfi,
            ChannelConfig: ((data[2] & 0x1) << 2) | (data[3] >> 6),
            HeaderLength: headerLength,
            FrameLength: frameLength,
            RawBlocks: (data[6] & 0x3) + 1);
        return true;
    }

    /// <summary>The 2-byte AudioSpecificConfig this header implies (ISO/IEC 14496-3 §1.6.2.1).</summary>
    public byte[] ToAudioSpecificConfig() =>
        [(byte)((ObjectType << 3) | (SampleRateIndex >> 1)), (byte)(((SampleRateIndex & 1) << 7) | (ChannelConfig << 3))];

    /// <summary>The ADTS profile fields from an AudioSpecificConfig; false when ADTS cannot express it.</summary>
    public static bool TryFromConfig(ReadOnlySpan<byte> config, int sampleRate, int channelCount, out int objectType, out int sampleRateIndex, out int channelConfig)
    {
        objectType = sampleRateIndex = channelConfig = 0;
        if (config.Length < 2)
        {
            return false;
        }

        objectType = config[0] >> 3;
        sampleRateIndex = ((config[0] & 0x7) << 1) | (config[1] >> 7);
        channelConfig = (config[1] >> 3) & 0xF;
        if (sampleRateIndex == 15)
        {
            sampleRateIndex = Rates.IndexOf(sampleRate);
            channelConfig = channelCount is > 0 and < 7 ? channelCount : -1;
        }

        // HE-AAC (SBR/PS) is signalled implicitly in ADTS: the LC core plays everywhere.
        if (objectType is 5 or 29)
        {
            objectType = 2;
        }

        return objectType is >= 1 and <= 4 && sampleRateIndex is >= 0 and < 13 && channelConfig is >= 0 and < 8;
    }

    /// <summary>Writes a 7-byte header (no CRC) for a frame carrying <paramref name="payloadLength"/> bytes.</summary>
    public static void Write(Span<byte> dst, int objectType, int sampleRateIndex, int channelConfig, int payloadLength)
    {
        var frameLength = payloadLength + 7;
        dst[0] = 0xFF;
        dst[1] = 0xF1; // MPEG-4, layer 0, protection_absent
        dst[2] = (byte)(((objectType - 1) << 6) | (sampleRateIndex << 2) | (channelConfig >> 2));
        dst[3] = (byte)(((channelConfig & 0x3) << 6) | (frameLength >> 11));
        dst[4] = (byte)(frameLength >> 3);
        dst[5] = (byte)(((frameLength & 0x7) << 5) | 0x1F); // buffer fullness 0x7FF: variable rate
        dst[6] = 0xFC;
    }
}
