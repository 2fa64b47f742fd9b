using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Big-endian writer for nested boxes whose sizes are patched when each box ends. Backed by one pooled
/// buffer; used for init segments and other output built once per stream, not per sample.
/// </summary>
internal sealed class Mp4BoxBuilder : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public Mp4BoxBuilder(int initialCapacity = 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Starts a box; returns the position to hand to <see cref="End"/>.</summary>
    public int Begin(uint type)
    {
        var start = _length;
        U32(0);
        U32(type);
        return start;
    }

    /// <summary>Starts a full box (§4.2: version and 24-bit flags after the header).</summary>
    public int BeginFull(uint type, byte version, uint flags)
    {
        var start = Begin(type);
        U32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Already written bytes from <paramref name="at"/>, for patching a count written before its entries.</summary>
    public Span<byte> Writable(int at) => _buffer.AsSpan(at, _length - at);

    public void End(int start) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), (uint)(_length - start));

    public void U8(int value) => Take(1)[0] = (byte)value;

    public void U16(int value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)value);

    public void U24(int value)
    {
        var s = Take(3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
    }

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void I32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    public void Zeros(int count) => Take(count).Clear();

    /// <summary>The 3x3 unity matrix of mvhd/tkhd (§8.2.2), in 16.16 and 2.30 fixed point.</summary>
    public void UnityMatrix()
    {
        U32(0x00010000);
        U32(0);
        U32(0);
        U32(0);
        U32(0x00010000);
        U32(0);
        U32(0);
        U32(0);
        U32(0x40000000);
    }

    public void CopyTo(IBufferWriter<byte> output) => output.Write(WrittenSpan);

    public void Dispose()
    {
        var b = _buffer;
        _buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private Span<byte> Take(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
