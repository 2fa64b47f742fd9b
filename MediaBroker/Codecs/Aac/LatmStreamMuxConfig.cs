namespace MediaBroker.Codecs.Aac;

/// <summary>
/// LATM (ISO/IEC 14496-3 §1.7.3): StreamMuxConfig as carried in RTSP's MP4A-LATM "config=" (RFC 6416 §7.3)
/// and in-band in LOAS AudioMuxElements. Only the first program/layer's AudioSpecificConfig is returned.
/// </summary>
public static class LatmStreamMuxConfig
{
    /// <summary>Parses a StreamMuxConfig (byte-aligned, as in SDP). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">audioMuxVersionA 1, or an invalid AudioSpecificConfig.</exception>
    public static bool TryParse(ReadOnlySpan<byte> config, out AudioSpecificConfig asc)
    {
        var r = new BitReader(config);
        return TryParse(ref r, out asc);
    }

    /// <summary>
    /// Copies out the AudioSpecificConfig a StreamMuxConfig embeds (it starts mid-byte there), byte-aligned and
    /// zero-padded, as MP4/RTMP/ADTS users of the track need it. False when truncated.
    /// </summary>
    /// <exception cref="CodecProtocolException">audioMuxVersionA 1, or an invalid AudioSpecificConfig.</exception>
    public static bool TryExtractAudioSpecificConfig(ReadOnlySpan<byte> config, out byte[] audioSpecificConfig)
    {
        audioSpecificConfig = [];
        var r = new BitReader(config);
        if (!TryParse(ref r, out _, out var start))
        {
            return false;
        }

        var bits = r.BitPosition - start;
        var copy = new BitReader(config);
        copy.Skip(start);
        var result = new byte[(bits + 7) / 8];
        var w = new BitWriter(result);
        for (; bits > 0; bits -= 8)
        {
            var n = Math.Min(8, bits);
            w.Write(copy.ReadBits(n), n);
        }

        audioSpecificConfig = result;
        return true;
    }

    /// <summary>
    /// Parses the StreamMuxConfig inside an AudioMuxElement(muxConfigPresent = 1), as found in LOAS frames.
    /// False when the element reuses the previous config (useSameStreamMux) or is truncated.
    /// </summary>
    public static bool TryParseAudioMuxElement(ReadOnlySpan<byte> element, out AudioSpecificConfig asc)
    {
        asc = default;
        var r = new BitReader(element);
        return !r.ReadFlag() && !r.Overrun && TryParse(ref r, out asc);
    }

    /// <summary>
    /// Reads a LOAS AudioSyncStream frame header (§1.7.2: syncword 0x2B7, 13-bit length).
    /// False when fewer than 3 bytes are present.
    /// </summary>
    /// <exception cref="CodecProtocolException">No LOAS syncword.</exception>
    public static bool TryReadLoasFrame(ReadOnlySpan<byte> data, out int frameLength)
    {
        frameLength = 0;
        if (data.Length < 3)
        {
            return false;
        }

        if (data[0] != 0x56 || (data[1] & 0xE0) != 0xE0)
        {
            throw new CodecProtocolException("LOAS syncword missing");
        }

        frameLength = 3 + (((data[1] & 0x1F) << 8) | data[2]);
        return true;
    }

    private static bool TryParse(ref BitReader r, out AudioSpecificConfig asc) => TryParse(ref r, out asc, out _);

    private static bool TryParse(ref BitReader r, out AudioSpecificConfig asc, out int ascStart)
    {
        asc = default;
        ascStart = 0;
        var version = (int)r.ReadBits(1);
        if (version == 1 && r.ReadFlag())
        {
            throw new CodecProtocolException("audioMuxVersionA 1 is reserved");
        }

        if (version == 1)
        {
            LatmGetValue(ref r); // taraBufferFullness
        }

        r.Skip(1 + 6 + 4 + 3); // allStreamsSameTimeFraming, numSubFrames, numProgram, numLayer
        if (version == 1)
        {
            LatmGetValue(ref r); // ascLen: the config follows, possibly padded
        }

        ascStart = r.BitPosition;
        return !r.Overrun && AudioSpecificConfig.TryParse(ref r, out asc) && !r.Overrun;
    }

    private static uint LatmGetValue(ref BitReader r)
    {
        var bytes = (int)r.ReadBits(2) + 1;
        return r.ReadBits(8 * bytes);
    }
}
