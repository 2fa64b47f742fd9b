namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// MSB-first bit reader for the few header fields the muxer needs. Reading past the end sets
/// <see cref="Overrun"/> and returns zeros, so a parser checks once at the end instead of after every field.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _bit;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bit = 0;
        Overrun = false;
    }

    public bool Overrun { get; private set; }

    public readonly int BitPosition => _bit;

    public uint Bits(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | Bit();
        }

        return value;
    }

    public uint Bit()
    {
        var index = _bit >> 3;
        if (index >= _data.Length)
        {
            Overrun = true;
            return 0;
        }

        var b = (uint)(_data[index] >> (7 - (_bit & 7))) & 1;
        _bit++;
        return b;
    }

    public bool Flag() => Bit() == 1;

    public void Skip(int count)
    {
        _bit += count;
        if ((_bit + 7) >> 3 > _data.Length)
        {
            Overrun = true;
        }
    }

    /// <summary>Unsigned Exp-Golomb ue(v) (H.264 §9.1).</summary>
    public uint Ue()
    {
        var zeros = 0;
        while (Bit() == 0)
        {
            if (Overrun || ++zeros > 31)
            {
                Overrun = true;
                return 0;
            }
        }

        return (uint)((1UL << zeros) - 1 + Bits(zeros));
    }

    /// <summary>Signed Exp-Golomb se(v).</summary>
    public int Se()
    {
        var k = Ue();
        return (k & 1) == 1 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }

    /// <summary>AV1 uvlc() (AV1 §4.10.3).</summary>
    public uint Uvlc()
    {
        var zeros = 0;
        while (Bit() == 0)
        {
            if (Overrun || ++zeros >= 32)
            {
                Overrun = true;
                return 0;
            }
        }

        return (uint)((1UL << zeros) - 1 + Bits(zeros));
    }
}
