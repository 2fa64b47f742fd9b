using System.Buffers.Binary;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Sequential big-endian reads inside one complete box payload. Running past the end means the box lied about
/// its content, so it throws <see cref="Mp4ProtocolException"/> rather than IndexOutOfRange.
/// </summary>
internal ref struct FieldReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly uint _box;

    public FieldReader(ReadOnlySpan<byte> data, uint box)
    {
        _data = data;
        _box = box;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint U24()
    {
        var s = Take(3);
        return (uint)((s[0] << 16) | (s[1] << 8) | s[2]);
    }

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public int I32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>Reads a count and checks that <paramref name="entrySize"/>-byte entries for it fit in what is left.</summary>
    public int Count(int entrySize)
    {
        var n = U32();
        if (n > (ulong)Remaining / (ulong)entrySize)
        {
            throw new Mp4ProtocolException($"'{Mp4BoxTypes.ToText(_box)}' declares {n} entries that do not fit in {Remaining} bytes");
        }

        return (int)n;
    }

    public ReadOnlySpan<byte> Bytes(int count) => Take(count);

    public void Skip(int count) => Take(count);

    public readonly ReadOnlySpan<byte> Rest => _data[Position..];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new Mp4ProtocolException($"'{Mp4BoxTypes.ToText(_box)}' is too short ({_data.Length} bytes)");
        }

        var s = _data.Slice(Position, count);
        Position += count;
        return s;
    }
}
