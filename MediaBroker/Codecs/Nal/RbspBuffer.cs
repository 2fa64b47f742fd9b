using System.Buffers;

namespace MediaBroker.Codecs.Nal;

/// <summary>
/// The RBSP of a NAL unit (emulation prevention removed) in caller stack space when it fits, else in a
/// pooled array returned on <see cref="Dispose"/>. Usage: <c>using var rbsp = new RbspBuffer(nalu, 2, stackalloc byte[256]);</c>
/// </summary>
internal ref struct RbspBuffer
{
    private byte[]? _rented;

    public RbspBuffer(ReadOnlySpan<byte> nalu, int headerLength, Span<byte> scratch)
    {
        var payload = nalu[Math.Min(headerLength, nalu.Length)..];
        var buf = scratch;
        if (payload.Length > scratch.Length)
        {
            _rented = ArrayPool<byte>.Shared.Rent(payload.Length);
            buf = _rented;
        }

        Span = buf[..EmulationPrevention.Remove(payload, buf)];
    }

    public ReadOnlySpan<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
