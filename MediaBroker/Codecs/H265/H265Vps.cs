using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H265;

/// <summary>Video parameter set fields up to the timing info (H.265 7.3.2.1).</summary>
public sealed record H265Vps(int Id, int MaxSubLayers, H265ProfileTierLevel ProfileTierLevel, uint NumUnitsInTick, uint TimeScale)
{
    /// <summary>Picture rate from vps_timing_info (one picture per tick), or null.</summary>
    public double? FrameRate => NumUnitsInTick > 0 && TimeScale > 0 ? (double)TimeScale / NumUnitsInTick : null;

    /// <summary>Parses a VPS NAL unit (2-byte header included). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Not a VPS, or a field out of range.</exception>
    public static bool TryParse(ReadOnlySpan<byte> nalu, out H265Vps vps)
    {
        vps = null!;
        if (nalu.Length < 3)
        {
            return false;
        }

        if (H265Nalu.TypeOf(nalu) != H265NalUnitType.Vps)
        {
            throw new CodecProtocolException($"NAL unit type {H265Nalu.TypeOf(nalu)} is not a VPS");
        }

        using var rbsp = new RbspBuffer(nalu, 2, stackalloc byte[256]);
        var r = new BitReader(rbsp.Span);
        var id = (int)r.ReadBits(4);
        r.Skip(2 + 6); // vps_base_layer_internal_flag, vps_base_layer_available_flag, vps_max_layers_minus1
        var maxSubLayersMinus1 = (int)r.ReadBits(3);
        if (maxSubLayersMinus1 > 6)
        {
            throw new CodecProtocolException("vps_max_sub_layers_minus1 exceeds 6");
        }

        r.Skip(1 + 16); // vps_temporal_id_nesting_flag, vps_reserved_0xffff_16bits
        var ptl = H265ProfileTierLevel.Parse(ref r, maxSubLayersMinus1);
        var orderingAll = r.ReadFlag();
        for (var i = orderingAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
        {
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
        }

        var maxLayerId = (int)r.ReadBits(6);
        var layerSets = r.ReadUe(1023, "vps_num_layer_sets_minus1");
        r.Skip(layerSets * (maxLayerId + 1)); // layer_id_included_flag
        uint units = 0, scale = 0;
        if (r.ReadFlag())
        {
            units = r.ReadBits(32);
            scale = r.ReadBits(32);
        }

        if (r.Overrun)
        {
            return false;
        }

        vps = new H265Vps(id, maxSubLayersMinus1 + 1, ptl, units, scale);
        return true;
    }
}
