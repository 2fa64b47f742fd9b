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

    private static bool TryParse(ref BitReader r, out AudioSpecificConfig asc)
    {
        asc = default;
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

        return !r.Overrun && AudioSpecificConfig.TryParse(ref r, out asc) && !r.Overrun;
    }

    private static uint LatmGetValue(ref BitReader r)
    {
        var bytes = (int)r.ReadBits(2) + 1;
        return r.ReadBits(8 * bytes);
    }
}
