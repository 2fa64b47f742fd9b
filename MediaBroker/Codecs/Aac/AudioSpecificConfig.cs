namespace MediaBroker.Codecs.Aac;

/// <summary>
/// AudioSpecificConfig, ISO/IEC 14496-3 §1.6.2.1. <see cref="ObjectType"/> and <see cref="SampleRate"/> are
/// the core (e.g. AAC LC at 24 kHz for HE-AAC at 48 kHz, whose SBR layer shows in the extension fields);
/// access units last <see cref="FrameLength"/> samples at <see cref="SampleRate"/>.
/// </summary>
public readonly record struct AudioSpecificConfig(int ObjectType, int SampleRate, int ChannelCount)
{
    /// <summary>Sample rates by samplingFrequencyIndex (Table 1.18); 13 and 14 are reserved.</summary>
    internal static ReadOnlySpan<int> SampleRates => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public int ChannelConfiguration { get; init; }

    /// <summary>5 (SBR) or 29 (SBR+PS) when the config signals an extension, else 0.</summary>
    public int ExtensionObjectType { get; init; }

    /// <summary>Output rate of the SBR layer, or 0 when there is none.</summary>
    public int ExtensionSampleRate { get; init; }

    public bool Sbr { get; init; }

    public bool Ps { get; init; }

    /// <summary>Samples per access unit: 1024, or 960 when frameLengthFlag is set.</summary>
    public int FrameLength { get; init; } = 1024;

    /// <summary>Parses a byte-aligned AudioSpecificConfig (MP4 esds, RTMP, SDP config=). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Reserved frequency index or object type 0.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out AudioSpecificConfig config)
    {
        var r = new BitReader(data);
        return TryParse(ref r, out config);
    }

    internal static bool TryParse(ref BitReader r, out AudioSpecificConfig config)
    {
        config = default;
        var aot = ReadObjectType(ref r);
        var rate = ReadSampleRate(ref r);
        var channelConfig = (int)r.ReadBits(4);
        int extAot = 0, extRate = 0;
        bool sbr = false, ps = false;
        if (aot is 5 or 29)
        {
            // Hierarchical signalling (§1.6.5.2): the extension comes first, then the core object type.
            extAot = 5;
            sbr = true;
            ps = aot == 29;
            extRate = ReadSampleRate(ref r);
            aot = ReadObjectType(ref r);
            if (aot == 22)
            {
                r.Skip(4); // extensionChannelConfiguration
            }
        }

        var frameLength = 1024;
        if (aot is 1 or 2 or 3 or 4 or 6 or 7 or 17 or 19 or 20 or 21 or 22 or 23)
        {
            // GASpecificConfig(), §4.4.1.
            frameLength = r.ReadFlag() ? 960 : 1024;
            if (r.ReadFlag())
            {
                r.Skip(14); // coreCoderDelay
            }

            var extensionFlag = r.ReadFlag();
            if (channelConfig == 0)
            {
                // A program_config_element defines the channels; we do not decode it.
            }
            else if (extensionFlag && aot is 17 or 19 or 20 or 23)
            {
                r.Skip(3);
            }
        }

        if (r.Overrun)
        {
            return false;
        }

        // Backward-compatible explicit SBR/PS signalling (§1.6.5.2, syncExtensionType 0x2B7) may follow. Peek with a
        // copy of the reader so that, without it, the position stays at the config's end (LATM reads on from there).
        var probe = r;
        if (extAot == 0 && channelConfig != 0 && probe.BitsLeft >= 16 && probe.ReadBits(11) == 0x2B7)
        {
            r = probe;
            var ext = ReadObjectType(ref r);
            if (ext == 5 && r.ReadFlag())
            {
                sbr = true;
                extAot = 5;
                extRate = ReadSampleRate(ref r);
                if (r.BitsLeft >= 12 && r.ReadBits(11) == 0x548 && r.ReadFlag())
                {
                    ps = true;
                    extAot = 29;
                }
            }
        }

        config = new AudioSpecificConfig(aot, rate, ChannelCountOf(channelConfig))
        {
            ChannelConfiguration = channelConfig,
            ExtensionObjectType = extAot,
            ExtensionSampleRate = r.Overrun ? 0 : extRate,
            Sbr = sbr && !r.Overrun,
            Ps = ps && !r.Overrun,
            FrameLength = frameLength,
        };
        return true;
    }

    /// <summary>
    /// Builds a minimal config (GASpecificConfig all zero): 2 bytes for a standard rate and object type &lt; 31,
    /// otherwise the escape forms.
    /// </summary>
    public static byte[] Build(int objectType, int sampleRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(objectType);
        var index = SampleRates.IndexOf(sampleRate);
        var channelConfig = channels switch
        {
            >= 1 and <= 6 => channels,
            8 => 7,
            _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "no channelConfiguration for this count"),
        };
        var bits = new BitWriter(stackalloc byte[8]);
        if (objectType < 31)
        {
            bits.Write((uint)objectType, 5);
        }
        else
        {
            bits.Write(31, 5);
            bits.Write((uint)(objectType - 32), 6);
        }

        if (index >= 0)
        {
            bits.Write((uint)index, 4);
        }
        else
        {
            bits.Write(15, 4);
            bits.Write((uint)sampleRate, 24);
        }

        bits.Write((uint)channelConfig, 4);
        bits.Write(0, 3); // frameLengthFlag, dependsOnCoreCoder, extensionFlag
        return bits.ToArray();
    }

    internal static int ChannelCountOf(int channelConfig) => channelConfig switch
    {
        7 => 8,
        11 => 7,
        12 or 14 => 8,
        _ => channelConfig,
    };

    private static int ReadObjectType(ref BitReader r)
    {
        var aot = (int)r.ReadBits(5);
        if (aot == 31)
        {
            aot = 32 + (int)r.ReadBits(6);
        }

        if (aot == 0 && !r.Overrun)
        {
            throw new CodecProtocolException("audioObjectType 0 is not valid");
        }

        return aot;
    }

    private static int ReadSampleRate(ref BitReader r)
    {
        var index = (int)r.ReadBits(4);
        if (index == 15)
        {
            return (int)r.ReadBits(24);
        }

        if (index >= SampleRates.Length)
        {
            throw new CodecProtocolException($"samplingFrequencyIndex {index} is reserved");
        }

        return SampleRates[index];
    }
}
