using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// Reading 'av1C' (AV1-ISOBMFF §2.3) for its sequence header, and writing OBUs in the low-overhead format FLV
/// needs (AV1 spec §5.3). OBU headers are parsed by <see cref="Av1ObuHeader"/>; 'av1C' is built by
/// <see cref="Av1CodecConfigurationRecord"/>.
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

    /// <summary>Length of the first OBU (header, size field and payload); throws when truncated.</summary>
    public static int ObuLength(ReadOnlySpan<byte> s, out int type)
    {
        try
        {
            if (!Av1ObuHeader.TryRead(s, out var header))
            {
                throw new FlvProtocolException("AV1 OBU truncated");
            }

            type = (int)header.Type;
            return header.TotalLength;
        }
        catch (CodecProtocolException ex)
        {
            throw new FlvProtocolException(ex.Message, ex);
        }
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
        return headerLength + Leb128.SizeOf((uint)payload) + payload;
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
        var pos = headerLength + Leb128.Write(dest[headerLength..], (uint)(obu.Length - headerLength));
        obu[headerLength..].CopyTo(dest[pos..]);
        return pos + obu.Length - headerLength;
    }
}
