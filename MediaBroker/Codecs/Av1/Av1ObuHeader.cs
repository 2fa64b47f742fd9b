namespace MediaBroker.Codecs.Av1;

/// <summary>
/// obu_header() (AV1 spec 5.3.2) plus the OBU's extent: <see cref="HeaderLength"/> covers the header,
/// extension and obu_size; <see cref="TotalLength"/> the whole OBU.
/// </summary>
public readonly record struct Av1ObuHeader(Av1ObuType Type, bool HasExtension, bool HasSize, int TemporalId, int SpatialId, int HeaderLength, int TotalLength)
{
    public int PayloadLength => TotalLength - HeaderLength;

    /// <summary>obu_header() alone: 1 byte, 2 with the extension byte (no obu_size).</summary>
    public int BaseHeaderLength => HasExtension ? 2 : 1;

    /// <summary>Bytes of this OBU in low-overhead form: header with obu_has_size_field, obu_size, payload.</summary>
    public int SizedLength => BaseHeaderLength + Leb128.SizeOf((uint)PayloadLength) + PayloadLength;

    /// <summary>
    /// Writes the header of <paramref name="obu"/> (the OBU this header was read from) with obu_has_size_field set,
    /// then obu_size; the payload follows at the returned length.
    /// </summary>
    public int WriteSizedHeader(ReadOnlySpan<byte> obu, Span<byte> destination)
    {
        destination[0] = (byte)(obu[0] | 0x02);
        if (HasExtension)
        {
            destination[1] = obu[1];
        }

        return BaseHeaderLength + Leb128.Write(destination[BaseHeaderLength..], (uint)PayloadLength);
    }

    /// <summary>
    /// Reads the OBU at the start of <paramref name="data"/>. Without obu_size the OBU runs to the end of the data.
    /// False when the header or the sized payload is incomplete.
    /// </summary>
    /// <exception cref="CodecProtocolException">obu_forbidden_bit set.</exception>
    public static bool TryRead(ReadOnlySpan<byte> data, out Av1ObuHeader header)
    {
        header = default;
        if (data.IsEmpty)
        {
            return false;
        }

        var b = data[0];
        if ((b & 0x80) != 0)
        {
            throw new CodecProtocolException("obu_forbidden_bit is set");
        }

        var ext = (b & 0x04) != 0;
        var hasSize = (b & 0x02) != 0;
        var pos = ext ? 2 : 1;
        if (data.Length < pos)
        {
            return false;
        }

        int tid = ext ? data[1] >> 5 : 0, sid = ext ? (data[1] >> 3) & 3 : 0;
        var total = data.Length;
        if (hasSize)
        {
            if (!Leb128.TryRead(data[pos..], out var size, out var n))
            {
                return false;
            }

            pos += n;
            if (size > (uint)(data.Length - pos))
            {
                return false;
            }

            total = pos + (int)size;
        }

        header = new Av1ObuHeader((Av1ObuType)((b >> 3) & 0xF), ext, hasSize, tid, sid, pos, total);
        return true;
    }
}
