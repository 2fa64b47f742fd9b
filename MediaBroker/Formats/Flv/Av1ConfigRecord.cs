namespace MediaBroker.Formats.Flv;

/// <summary>
/// AV1CodecConfigurationRecord ('av1C', AV1 Codec ISO Media File Format Binding §2.3) and the little OBU
/// handling FLV needs (AV1 spec §5.3). Internal until the Codecs folder's AV1 parser lands.
/// </summary>
internal static class Av1ConfigRecord
{
    public const int ObuSequenceHeader = 1;
    public const int ObuTemporalDelimiter = 2;

    /// <summary>Returns the sequence header OBU from the configOBUs, or null when the record carries none.</summary>
    public static byte[]? Parse(ReadOnlySpan<byte> s)
    {
        if (s.Length < 4 || (s[0] & 0x80) == 0)
        {
            throw new FlvProtocolException("invalid AV1CodecConfigurationRecord");
        }

        var obus = s[4..];
        while (!obus.IsEmpty)
        {
            var length = ObuLength(obus, out var type);
            if (type == ObuSequenceHeader)
            {
                return obus[..length].ToArray();
            }

            obus = obus[length..];
        }

        return null;
    }

    /// <summary>Builds 'av1C' around a sequence header OBU; profile, level and tier come from the header.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sequenceHeaderObu)
    {
        var (profile, level, tier) = ReadProfileLevel(sequenceHeaderObu);
        var record = new byte[4 + sequenceHeaderObu.Length];
        record[0] = 0x81; // marker + version 1
        record[1] = (byte)((profile << 5) | level);
        record[2] = (byte)((tier << 7) | 0x0C); // 8-bit, 4:2:0 (subsampling x and y): the usual case
        record[3] = 0;
        sequenceHeaderObu.CopyTo(record.AsSpan(4));
        return record;
    }

    /// <summary>Length of the first OBU (header, size field and payload); throws when truncated.</summary>
    public static int ObuLength(ReadOnlySpan<byte> s, out int type)
    {
        var header = s[0];
        type = (header >> 3) & 0x0F;
        var pos = (header & 0x04) != 0 ? 2 : 1;
        if ((header & 0x02) == 0)
        {
            return s.Length; // no size field: the OBU runs to the end
        }

        if (!TryReadLeb128(s, ref pos, out var size) || (ulong)s.Length < (ulong)pos + size)
        {
            throw new FlvProtocolException("AV1 OBU truncated");
        }

        return pos + (int)size;
    }

    /// <summary>Size of <paramref name="obu"/> once it carries an obu_size field.</summary>
    public static int SizedLength(ReadOnlySpan<byte> obu)
    {
        if ((obu[0] & 0x02) != 0)
        {
            return obu.Length;
        }

        var headerLength = (obu[0] & 0x04) != 0 ? 2 : 1;
        var payload = obu.Length - headerLength;
        return headerLength + Leb128Size((uint)payload) + payload;
    }

    /// <summary>Copies an OBU into <paramref name="dest"/>, adding obu_size when absent (FLV needs the low-overhead format).</summary>
    public static int WriteSized(ReadOnlySpan<byte> obu, Span<byte> dest)
    {
        if ((obu[0] & 0x02) != 0)
        {
            obu.CopyTo(dest);
            return obu.Length;
        }

        var headerLength = (obu[0] & 0x04) != 0 ? 2 : 1;
        obu[..headerLength].CopyTo(dest);
        dest[0] |= 0x02;
        var payload = (uint)(obu.Length - headerLength);
        var pos = headerLength;
        do
        {
            var b = (byte)(payload & 0x7F);
            payload >>= 7;
            dest[pos++] = payload != 0 ? (byte)(b | 0x80) : b;
        }
        while (payload != 0);

        obu[headerLength..].CopyTo(dest[pos..]);
        return pos + obu.Length - headerLength;
    }

    private static int Leb128Size(uint value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    private static bool TryReadLeb128(ReadOnlySpan<byte> s, ref int pos, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 8; i++)
        {
            if (pos >= s.Length)
            {
                return false;
            }

            var b = s[pos++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>seq_profile, seq_level_idx[0], seq_tier[0] (AV1 §5.5.1), for the common headers without timing info.</summary>
    private static (int Profile, int Level, int Tier) ReadProfileLevel(ReadOnlySpan<byte> obu)
    {
        var pos = (obu[0] & 0x04) != 0 ? 2 : 1;
        if ((obu[0] & 0x02) != 0 && !TryReadLeb128(obu, ref pos, out _))
        {
            return (0, 0, 0);
        }

        if (obu.Length < pos + 4)
        {
            return (0, 0, 0);
        }

        var bits = ((uint)obu[pos] << 24) | ((uint)obu[pos + 1] << 16) | ((uint)obu[pos + 2] << 8) | obu[pos + 3];
        var profile = (int)(bits >> 29);
        var reduced = ((bits >> 27) & 1) != 0;
        if (reduced)
        {
            return (profile, (int)((bits >> 22) & 0x1F), 0);
        }

        var timingInfo = ((bits >> 26) & 1) != 0;
        if (timingInfo)
        {
            return (profile, 0, 0);
        }

        // initial_display_delay_present(1), operating_points_cnt_minus_1(5), operating_point_idc[0](12), seq_level_idx[0](5), seq_tier[0](1)
        var level = (int)((bits >> 3) & 0x1F);
        var tier = level > 7 ? (int)((bits >> 2) & 1) : 0;
        return (profile, level, tier);
    }
}
