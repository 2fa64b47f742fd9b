namespace MediaBroker.Formats.Fmp4;

/// <summary>One child box inside a fully available container: its type, payload and offset in the container.</summary>
public readonly ref struct Mp4Box
{
    public Mp4Box(uint type, ReadOnlySpan<byte> payload, int offset, int size)
    {
        Type = type;
        Payload = payload;
        Offset = offset;
        Size = size;
    }

    public uint Type { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Offset of the box header from the start of the enumerated span.</summary>
    public int Offset { get; }

    /// <summary>Whole box size, header included.</summary>
    public int Size { get; }
}

/// <summary>
/// Walks the boxes of a container whose bytes are all present; a child that does not fit is malformed
/// (throws <see cref="Mp4ProtocolException"/>), because the parent's size already promised its bytes.
/// </summary>
public ref struct Mp4BoxEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public Mp4BoxEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        Current = default;
    }

    public Mp4Box Current { get; private set; }

    public readonly Mp4BoxEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var rest = _data[_position..];
        if (rest.IsEmpty)
        {
            return false;
        }

        if (Mp4BoxHeader.TryRead(rest, out var header) != System.Buffers.OperationStatus.Done || header.Size > rest.Length)
        {
            throw new Mp4ProtocolException($"box at offset {_position} overruns its container ({rest.Length} bytes left)");
        }

        var size = (int)header.Size;
        Current = new Mp4Box(header.Type, rest[header.HeaderSize..size], _position, size);
        _position += size;
        return true;
    }

    /// <summary>Finds the first child of a type, or returns false.</summary>
    public static bool TryFind(ReadOnlySpan<byte> container, uint type, out ReadOnlySpan<byte> payload)
    {
        foreach (var box in new Mp4BoxEnumerator(container))
        {
            if (box.Type == type)
            {
                payload = box.Payload;
                return true;
            }
        }

        payload = default;
        return false;
    }
}
