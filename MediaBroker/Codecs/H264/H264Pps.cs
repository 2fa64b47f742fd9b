using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H264;

/// <summary>The leading fields of a picture parameter set (H.264 7.3.2.2) that slice headers depend on.</summary>
public readonly record struct H264Pps(int Id, int SpsId, bool EntropyCodingMode, bool BottomFieldPicOrderInFramePresent)
{
    /// <summary>Parses a PPS NAL unit (header byte included). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Not a PPS, or an id out of range.</exception>
    public static bool TryParse(ReadOnlySpan<byte> nalu, out H264Pps pps)
    {
        pps = default;
        if (nalu.Length < 2)
        {
            return false;
        }

        if ((nalu[0] & 0x1F) != (int)H264NalUnitType.Pps)
        {
            throw new CodecProtocolException($"NAL unit type {nalu[0] & 0x1F} is not a PPS");
        }

        // The fields we need sit in the first few bytes; 32 escaped bytes always cover them.
        Span<byte> buf = stackalloc byte[32];
        var head = nalu[1..Math.Min(nalu.Length, 33)];
        var r = new BitReader(buf[..EmulationPrevention.Remove(head, buf)]);
        var id = r.ReadUe(255, "pic_parameter_set_id");
        var spsId = r.ReadUe(31, "seq_parameter_set_id");
        var cabac = r.ReadFlag();
        var bottom = r.ReadFlag();
        if (r.Overrun)
        {
            return false;
        }

        pps = new H264Pps(id, spsId, cabac, bottom);
        return true;
    }
}
