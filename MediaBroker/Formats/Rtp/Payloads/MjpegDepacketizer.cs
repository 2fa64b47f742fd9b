namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Motion JPEG (RFC 2435): strips the 8-byte JPEG header (§3.1), the restart marker header (§3.1.7) and
/// the quantization table header (§3.1.8), joins the scan data and rebuilds a complete JFIF-style
/// image: SOI, DQT, SOF0, DHT (standard tables), DRI, SOS, data, EOI (Appendix B).
/// </summary>
public sealed class MjpegDepacketizer : RtpDepacketizer
{
    private readonly byte[] _quant = new byte[128];
    private int _quantLength;
    private int _type;
    private int _width;
    private int _height;
    private int _restartInterval;

    public MjpegDepacketizer()
        : base(isVideo: true)
    {
    }

    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) => true;

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var p = packet.Payload.Span;
        if (p.Length < 8)
        {
            throw new RtpProtocolException("truncated RTP/JPEG header");
        }

        var fragmentOffset = (p[1] << 16) | (p[2] << 8) | p[3];
        var type = p[4];
        var q = p[5];
        var offset = 8;
        if (type is >= 64 and <= 127)
        {
            Need(p, offset + 4);
            if (fragmentOffset == 0)
            {
                _restartInterval = (p[offset] << 8) | p[offset + 1];
            }

            offset += 4;
        }

        if (fragmentOffset == 0)
        {
            if (InFragment)
            {
                throw new RtpProtocolException("JPEG frame restarted before its end");
            }

            _type = type & 0x3F;
            _width = p[6] * 8;
            _height = p[7] * 8;
            if (type < 64)
            {
                _restartInterval = 0;
            }

            if (_type > 1 || _width == 0 || _height == 0)
            {
                throw new RtpProtocolException($"unsupported RTP/JPEG type {type} or size");
            }

            if (q >= 128)
            {
                Need(p, offset + 4);
                var length = (p[offset + 2] << 8) | p[offset + 3];
                if (p[offset + 1] != 0 || (length != 64 && length != 128))
                {
                    throw new RtpProtocolException("unsupported JPEG quantization table header");
                }

                Need(p, offset + 4 + length);
                p.Slice(offset + 4, length).CopyTo(_quant);
                _quantLength = length;
                offset += 4 + length;
            }
            else
            {
                JpegTables.MakeQuantTables(q, _quant);
                _quantLength = 128;
            }

            StartFragment();
        }
        else if (!InFragment || fragmentOffset != FragmentBytes)
        {
            throw new RtpProtocolException("JPEG fragment out of place");
        }

        AppendFragment(packet.Payload[offset..]);
        if (packet.Marker)
        {
            Span<byte> header = stackalloc byte[HeaderCapacity];
            var n = WriteHeader(header);
            AddPayload(JoinFragment(header[..n], [0xFF, 0xD9]));
            CompleteUnit(output);
        }
    }

    private const int HeaderCapacity = 2 + (4 + 130) + 19 + (4 + 416) + 6 + 14;

    private int WriteHeader(Span<byte> h)
    {
        var i = 0;
        h[i++] = 0xFF;
        h[i++] = 0xD8;

        // DQT: one segment with table 0 and (when sent) table 1, 8-bit precision.
        var tables = _quantLength / 64;
        h[i++] = 0xFF;
        h[i++] = 0xDB;
        var dqtLength = 2 + (tables * 65);
        h[i++] = (byte)(dqtLength >> 8);
        h[i++] = (byte)dqtLength;
        for (var t = 0; t < tables; t++)
        {
            h[i++] = (byte)t;
            _quant.AsSpan(t * 64, 64).CopyTo(h[i..]);
            i += 64;
        }

        // SOF0, three components; type 0 is 4:2:2 (Y 2x1), type 1 is 4:2:0 (Y 2x2) (§4.1).
        var chromaTable = tables > 1 ? 1 : 0;
        ReadOnlySpan<byte> sof =
        [
            0xFF, 0xC0, 0, 17, 8, (byte)(_height >> 8), (byte)_height, (byte)(_width >> 8), (byte)_width, 3,
            1, (byte)(_type == 0 ? 0x21 : 0x22), 0, 2, 0x11, (byte)chromaTable, 3, 0x11, (byte)chromaTable,
        ];
        sof.CopyTo(h[i..]);
        i += sof.Length;

        var dht = JpegTables.StandardHuffmanTables;
        h[i++] = 0xFF;
        h[i++] = 0xC4;
        h[i++] = (byte)((dht.Length + 2) >> 8);
        h[i++] = (byte)(dht.Length + 2);
        dht.CopyTo(h[i..]);
        i += dht.Length;

        if (_restartInterval != 0)
        {
            ReadOnlySpan<byte> dri = [0xFF, 0xDD, 0, 4, (byte)(_restartInterval >> 8), (byte)_restartInterval];
            dri.CopyTo(h[i..]);
            i += dri.Length;
        }

        ReadOnlySpan<byte> sos = [0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0];
        sos.CopyTo(h[i..]);
        return i + sos.Length;
    }

    private static void Need(ReadOnlySpan<byte> p, int n)
    {
        if (p.Length < n)
        {
            throw new RtpProtocolException("truncated RTP/JPEG header");
        }
    }
}
