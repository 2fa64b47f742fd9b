using System.Buffers.Binary;

namespace MediaBroker.Formats.WebM;

/// <summary>
/// Writes EBML elements (RFC 8794) into a growing buffer: an element is its ID (as its bytes, 1 to 4 of them), its data
/// size as a variable-size integer, then its data. Master elements are opened with an 8-byte size placeholder and
/// patched when closed. For headers, written once per stream; blocks go through <see cref="WebmWriter"/> directly.
/// </summary>
internal sealed class EbmlBuilder
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Opens a master element; returns where its size goes, for <see cref="End"/>.</summary>
    public int Begin(uint id)
    {
        Id(id);
        var at = _length;
        Take(8);
        return at;
    }

    /// <summary>Closes a master element opened at <paramref name="at"/>: its size is what was written since.</summary>
    public void End(int at) => WebmWriter.WriteSize(_buffer.AsSpan(at, 8), _length - at - 8, 8);

    public void Unsigned(uint id, ulong value)
    {
        var n = 1;
        while (n < 8 && value >> (8 * n) != 0)
        {
            n++;
        }

        Id(id);
        Size(n);
        var s = Take(n);
        for (var i = n - 1; i >= 0; i--, value >>= 8)
        {
            s[i] = (byte)value;
        }
    }

    public void Float(uint id, double value)
    {
        Id(id);
        Size(8);
        BinaryPrimitives.WriteDoubleBigEndian(Take(8), value);
    }

    public void String(uint id, string value)
    {
        Id(id);
        Size(value.Length);
        var s = Take(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            s[i] = (byte)value[i]; // ASCII: codec IDs, doc type, application names
        }
    }

    public void Binary(uint id, ReadOnlySpan<byte> value)
    {
        Id(id);
        Size(value.Length);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>An element whose size is unknown (0x01FFFFFFFFFFFFFF): a live Segment or Cluster whose end is not known.</summary>
    public void BeginUnknownSize(uint id)
    {
        Id(id);
        WebmWriter.UnknownSize.CopyTo(Take(8));
    }

    private void Id(uint id)
    {
        var n = WebmWriter.IdLength(id);
        var s = Take(n);
        for (var i = n - 1; i >= 0; i--, id >>= 8)
        {
            s[i] = (byte)id;
        }
    }

    private void Size(long size)
    {
        var n = WebmWriter.SizeLength(size);
        WebmWriter.WriteSize(Take(n), size, n);
    }

    private Span<byte> Take(int n)
    {
        if (_length + n > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        }

        var s = _buffer.AsSpan(_length, n);
        _length += n;
        return s;
    }
}
