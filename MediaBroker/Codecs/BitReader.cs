namespace MediaBroker.Codecs;

/// <summary>
/// MSB-first bit reader over a span (an RBSP with emulation prevention already removed, or any header).
/// Reading past the end returns zeros and sets <see cref="Overrun"/>, so parsers check once at the end
/// and report truncated input as "false" instead of scattering bounds checks.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly bool Overrun => _pos > _data.Length * 8;

    public readonly int BitPosition => _pos;

    public readonly int BitsLeft => Math.Max(0, (_data.Length * 8) - _pos);

    public uint ReadBit()
    {
        var p = _pos++;
        if (p >= _data.Length * 8)
        {
            _pos = (_data.Length * 8) + 1;
            return 0;
        }

        return (uint)(_data[p >> 3] >> (7 - (p & 7))) & 1;
    }

    public bool ReadFlag() => ReadBit() != 0;

    /// <summary>Reads up to 32 bits as an unsigned number.</summary>
    public uint ReadBits(int count)
    {
        uint v = 0;
        for (var i = 0; i < count; i++)
        {
            v = (v << 1) | ReadBit();
        }

        return v;
    }

    public ulong ReadBits64(int count)
    {
        ulong v = 0;
        for (var i = 0; i < count; i++)
        {
            v = (v << 1) | ReadBit();
        }

        return v;
    }

    public void Skip(int count)
    {
        _pos += count;
        if (_pos > _data.Length * 8)
        {
            _pos = (_data.Length * 8) + 1;
        }
    }

    /// <summary>Unsigned Exp-Golomb, H.264 9.1. Values wider than 32 bits are malformed.</summary>
    public uint ReadUe()
    {
        var zeros = 0;
        while (ReadBit() == 0)
        {
            if (Overrun)
            {
                return 0;
            }

            if (++zeros > 31)
            {
                throw new CodecProtocolException("Exp-Golomb code longer than 32 bits");
            }
        }

        return (uint)(((1UL << zeros) - 1) + ReadBits(zeros));
    }

    /// <summary>Unsigned Exp-Golomb bounded by the caller's limit (array sizes, ids): larger is malformed.</summary>
    public int ReadUe(int max, string what)
    {
        var v = ReadUe();
        if (v > (uint)max)
        {
            throw new CodecProtocolException($"{what} {v} exceeds {max}");
        }

        return (int)v;
    }

    /// <summary>Signed Exp-Golomb, H.264 9.1.1.</summary>
    public int ReadSe()
    {
        var k = ReadUe();
        return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }
}
