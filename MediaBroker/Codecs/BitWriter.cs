namespace MediaBroker.Codecs;

/// <summary>MSB-first bit writer into a caller buffer, for small headers and configs.</summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _buffer;
    private int _pos;

    public BitWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _buffer.Clear();
        _pos = 0;
    }

    public readonly int BytesWritten => (_pos + 7) / 8;

    public void Write(uint value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            if (((value >> i) & 1) != 0)
            {
                _buffer[_pos >> 3] |= (byte)(0x80 >> (_pos & 7));
            }

            _pos++;
        }
    }

    public readonly byte[] ToArray() => _buffer[..BytesWritten].ToArray();
}
