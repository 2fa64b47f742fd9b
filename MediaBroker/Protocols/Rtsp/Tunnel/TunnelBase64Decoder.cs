using System.Buffers;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// Decodes the body of an HTTP tunnel's POST: base64 (RFC 4648 §4) of each RTSP message or interleaved frame,
/// the encoded chunks simply concatenated, so padding may end any 4-character quantum, not only the last one.
/// Stateful across calls (a quantum may be split between reads); line breaks and spaces between quanta are skipped.
/// Anything else throws <see cref="RtspTunnelException"/>.
/// </summary>
public sealed class TunnelBase64Decoder
{
    private static readonly sbyte[] s_values = BuildValues();

    private int _bits;
    private int _count;
    private int _padding;

    /// <summary>Decodes all of <paramref name="input"/> into <paramref name="output"/>; returns the bytes written.</summary>
    public int Decode(ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        var written = 0;
        foreach (var segment in input)
        {
            // Three output bytes per four input characters, at most.
            var span = output.GetSpan((segment.Length / 4 * 3) + 3);
            var n = DecodeSpan(segment.Span, span);
            output.Advance(n);
            written += n;
        }

        return written;
    }

    private int DecodeSpan(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var n = 0;
        foreach (var c in src)
        {
            if (c == (byte)'=')
            {
                // "xx==" or "xxx=": padding only in a quantum's last two places.
                if (_count < 2)
                {
                    throw new RtspTunnelException("bad base64 in the tunnel: misplaced padding");
                }

                _padding++;
                _count++;
            }
            else if (c is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
            {
                if (_count != 0)
                {
                    throw new RtspTunnelException("bad base64 in the tunnel: white space inside a quantum");
                }

                continue;
            }
            else
            {
                var v = c < 128 ? s_values[c] : -1;
                if (v < 0)
                {
                    throw new RtspTunnelException($"bad base64 in the tunnel: byte 0x{c:x2}");
                }

                if (_padding != 0)
                {
                    throw new RtspTunnelException("bad base64 in the tunnel: data after padding in a quantum");
                }

                _bits = (_bits << 6) | v;
                _count++;
            }

            if (_count == 4)
            {
                var bits = _bits << (6 * _padding);
                dst[n++] = (byte)(bits >> 16);
                if (_padding < 2)
                {
                    dst[n++] = (byte)(bits >> 8);
                }

                if (_padding < 1)
                {
                    dst[n++] = (byte)bits;
                }

                _bits = 0;
                _count = 0;
                _padding = 0;
            }
        }

        return n;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
