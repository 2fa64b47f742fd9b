using System.Buffers.Binary;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>Just enough AMF0 to write the reader's commands: numbers, strings, null, flat objects.</summary>
internal sealed class Amf0Writer
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public Amf0Writer Number(double value)
    {
        _bytes.Add(0x00);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public Amf0Writer String(string value)
    {
        _bytes.Add(0x02);
        RawString(value);
        return this;
    }

    public Amf0Writer Null()
    {
        _bytes.Add(0x05);
        return this;
    }

    public Amf0Writer Object(params (string Key, string Value)[] properties)
    {
        _bytes.Add(0x03);
        foreach (var (key, value) in properties)
        {
            RawString(key);
            String(value);
        }

        _bytes.AddRange([0x00, 0x00, 0x09]);
        return this;
    }

    private void RawString(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        _bytes.Add((byte)(utf8.Length >> 8));
        _bytes.Add((byte)utf8.Length);
        _bytes.AddRange(utf8);
    }
}
