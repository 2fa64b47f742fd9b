namespace MediaBroker.Codecs.Ac3;

/// <summary>
/// AC-3 syncinfo + the start of bsi (ATSC A/52 §5.3), and the E-AC-3 equivalent (Annex E §E.2.2).
/// </summary>
public readonly record struct Ac3FrameHeader(bool Enhanced, int SampleRate, int ChannelCount, bool Lfe, int FrameLength, int SamplesPerFrame, int Bsid)
{
    /// <summary>fscod (AC-3, and E-AC-3 when not 3): 0 = 48 kHz, 1 = 44.1 kHz, 2 = 32 kHz. dac3 copies it.</summary>
    public int Fscod { get; init; }

    /// <summary>bsmod, the bit stream mode (A/52 Table 5.7); 0 for E-AC-3 (not read).</summary>
    public int Bsmod { get; init; }

    /// <summary>acmod, the audio coding mode (A/52 Table 5.8).</summary>
    public int Acmod { get; init; }

    /// <summary>frmsizecod (AC-3 only); dac3's bit_rate_code is half of it.</summary>
    public int FrameSizeCode { get; init; }

    /// <summary>Bytes needed to read the header.</summary>
    public const int Length = 8;

    // frmsizecod / 2 -> 16-bit words per frame at 48 kHz (A/52 Table 5.18); 32 kHz is 1.5x, 44.1 kHz below.
    private static ReadOnlySpan<short> Words48 => [64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1152, 1280];

    private static ReadOnlySpan<short> Words44 => [69, 87, 104, 121, 139, 174, 208, 243, 278, 348, 417, 487, 557, 696, 835, 975, 1114, 1253, 1393];

    // acmod -> full-bandwidth channels (Table 5.8).
    private static ReadOnlySpan<byte> Channels => [2, 1, 2, 3, 3, 4, 4, 5];

    /// <summary>False when fewer than <see cref="Length"/> bytes are present.</summary>
    /// <exception cref="CodecProtocolException">No syncword or a reserved code.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out Ac3FrameHeader header)
    {
        header = default;
        if (data.Length < Length)
        {
            return false;
        }

        if (data[0] != 0x0B || data[1] != 0x77)
        {
            throw new CodecProtocolException("AC-3 syncword missing");
        }

        var bsid = data[5] >> 3;
        if (bsid > 16)
        {
            throw new CodecProtocolException($"AC-3 bsid {bsid} is not supported");
        }

        if (bsid > 10)
        {
            header = ParseEnhanced(data, bsid);
            return true;
        }

        var fscod = data[4] >> 6;
        var frmsizecod = data[4] & 0x3F;
        var words = SyncFrameWords(fscod, frmsizecod);
        var r = new BitReader(data[5..]);
        r.Skip(5); // bsid
        var bsmod = (int)r.ReadBits(3);
        var acmod = (int)r.ReadBits(3);
        if ((acmod & 1) != 0 && acmod != 1)
        {
            r.Skip(2); // cmixlev
        }

        if ((acmod & 4) != 0)
        {
            r.Skip(2); // surmixlev
        }

        if (acmod == 2)
        {
            r.Skip(2); // dsurmod
        }

        var lfe = r.ReadFlag();
        header = new Ac3FrameHeader(false, fscod switch { 0 => 48000, 1 => 44100, _ => 32000 }, Channels[acmod] + (lfe ? 1 : 0), lfe, words * 2, 1536, bsid)
        {
            Fscod = fscod,
            Bsmod = bsmod,
            Acmod = acmod,
            FrameSizeCode = frmsizecod,
        };
        return true;
    }

    /// <summary>
    /// The AC-3 syncframe length from syncinfo alone (A/52 §5.3.1: syncword, crc1, fscod, frmsizecod), as RTP
    /// (RFC 4184) needs to split whole-frame packets. bsi is not looked at. False when fewer than 5 bytes are present.
    /// </summary>
    /// <exception cref="CodecProtocolException">No syncword, or a reserved fscod or frmsizecod.</exception>
    public static bool TryReadSyncFrameLength(ReadOnlySpan<byte> data, out int frameLength)
    {
        frameLength = 0;
        if (data.Length < 5)
        {
            return false;
        }

        if (data[0] != 0x0B || data[1] != 0x77)
        {
            throw new CodecProtocolException("AC-3 syncword missing");
        }

        frameLength = SyncFrameWords(data[4] >> 6, data[4] & 0x3F) * 2;
        return true;
    }

    // 16-bit words per syncframe, A/52 Table 5.18.
    private static int SyncFrameWords(int fscod, int frmsizecod)
    {
        if (fscod == 3 || frmsizecod >= 38)
        {
            throw new CodecProtocolException("reserved AC-3 fscod or frmsizecod");
        }

        return fscod switch
        {
            0 => Words48[frmsizecod >> 1],
            1 => Words44[frmsizecod >> 1] + (frmsizecod & 1),
            _ => Words48[frmsizecod >> 1] * 3 / 2,
        };
    }

    private static Ac3FrameHeader ParseEnhanced(ReadOnlySpan<byte> data, int bsid)
    {
        var r = new BitReader(data[2..]);
        r.Skip(2 + 3); // strmtyp, substreamid
        var frmsiz = (int)r.ReadBits(11);
        var fscod = (int)r.ReadBits(2);
        int rate, blocks;
        if (fscod == 3)
        {
            var fscod2 = (int)r.ReadBits(2);
            if (fscod2 == 3)
            {
                throw new CodecProtocolException("reserved E-AC-3 fscod2");
            }

            rate = fscod2 switch { 0 => 24000, 1 => 22050, _ => 16000 };
            blocks = 6;
        }
        else
        {
            rate = fscod switch { 0 => 48000, 1 => 44100, _ => 32000 };
            blocks = r.ReadBits(2) switch { 0 => 1, 1 => 2, 2 => 3, _ => 6 };
        }

        var acmod = (int)r.ReadBits(3);
        var lfe = r.ReadFlag();
        return new Ac3FrameHeader(true, rate, Channels[acmod] + (lfe ? 1 : 0), lfe, (frmsiz + 1) * 2, blocks * 256, bsid) { Fscod = fscod, Acmod = acmod };
    }
}
