using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H265;

/// <summary>The leading fields of an H.265 picture parameter set (7.3.2.3.1) that slice headers depend on.</summary>
public readonly record struct H265Pps(int Id, int SpsId, bool DependentSliceSegmentsEnabled, bool OutputFlagPresent, int NumExtraSliceHeaderBits)
{
    /// <summary>Parses a PPS NAL unit (2-byte header included). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Not a PPS, or an id out of range.</exception>
    public static bool TryParse(ReadOnlySpan<byte> nalu, out H265Pps pps)
    {
        pps = default;
        if (nalu.Length < 3)
        {
            return false;
        }

        if (H265Nalu.TypeOf(nalu) != H265NalUnitType.Pps)
        {
            throw new CodecProtocolException($"NAL unit type {H265Nalu.TypeOf(nalu)} is not a PPS");
        }

        Span<byte> buf = stackalloc byte[32];
        var head = nalu[2..Math.Min(nalu.Length, 34)];
        var r = new BitReader(buf[..EmulationPrevention.Remove(head, buf)]);
        var id = r.ReadUe(63, "pps_pic_parameter_set_id");
        var spsId = r.ReadUe(15, "pps_seq_parameter_set_id");
        var dependent = r.ReadFlag();
        var output = r.ReadFlag();
        var extra = (int)r.ReadBits(3);
        if (r.Overrun)
        {
            return false;
        }

        pps = new H265Pps(id, spsId, dependent, output, extra);
        return true;
    }
}
