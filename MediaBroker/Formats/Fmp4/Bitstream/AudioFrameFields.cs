namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// The AC-3 syncframe fields dac3 needs (ETSI TS 102 366 §4.4.1-2, §F.4). A minimal local parser until Codecs/ has one.
/// </summary>
internal readonly record struct Ac3FrameFields(int Fscod, int Bsid, int Bsmod, int Acmod, bool LfeOn, int BitRateCode)
{
    public int SampleRate => Fscod switch { 0 => 48000, 1 => 44100, _ => 32000 };

    public int ChannelCount => (Acmod switch { 0 => 2, 1 => 1, 2 => 2, 3 => 3, 4 => 3, 5 => 4, 6 => 4, _ => 5 }) + (LfeOn ? 1 : 0);

    public static bool TryParse(ReadOnlySpan<byte> frame, out Ac3FrameFields fields)
    {
        fields = default;
        var r = new BitReader(frame);
        if (r.Bits(16) != 0x0B77)
        {
            return false;
        }

        r.Skip(16); // crc1
        var fscod = (int)r.Bits(2);
        var frmsizecod = (int)r.Bits(6);
        var bsid = (int)r.Bits(5);
        var bsmod = (int)r.Bits(3);
        var acmod = (int)r.Bits(3);
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

        var lfe = r.Flag();
        if (r.Overrun || fscod == 3 || bsid > 10 || frmsizecod > 37)
        {
            return false;
        }

        fields = new Ac3FrameFields(fscod, bsid, bsmod, acmod, lfe, frmsizecod >> 1);
        return true;
    }
}

/// <summary>The MPEG-1/2 audio frame header fields the sample entry needs (ISO/IEC 11172-3 §2.4.1.3).</summary>
internal readonly record struct MpegAudioFrameFields(bool IsMpeg1, int Layer, int SampleRate, int ChannelCount)
{
    public static bool TryParse(ReadOnlySpan<byte> frame, out MpegAudioFrameFields fields)
    {
        fields = default;
        if (frame.Length < 4 || frame[0] != 0xFF || (frame[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var version = (frame[1] >> 3) & 3; // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
        var layer = 4 - ((frame[1] >> 1) & 3);
        var rateIndex = (frame[2] >> 2) & 3;
        if (version == 1 || layer == 4 || rateIndex == 3)
        {
            return false;
        }

        var rate = rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 } >> (version switch { 3 => 0, 2 => 1, _ => 2 });
        var channels = (frame[3] >> 6) == 3 ? 1 : 2;
        fields = new MpegAudioFrameFields(version == 3, layer, rate, channels);
        return true;
    }
}
