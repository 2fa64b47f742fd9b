namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Motion JPEG packetizer (RFC 2435): reads DQT, SOF0, DRI and SOS from a baseline JFIF image with the
/// standard Huffman tables and sends the scan data after a JPEG header carrying Q = 255 and the tables.
/// Images the format cannot describe (progressive, not 4:2:x, over 2040 pixels) are skipped.
/// </summary>
public sealed class MjpegPacketizer : RtpPacketizer
{
    public MjpegPacketizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    /// <summary>Images skipped because RFC 2435 cannot carry them.</summary>
    public long SkippedImages { get; private set; }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        foreach (var image in payloads)
        {
            if (!TryParse(image.Span, out var info))
            {
                SkippedImages++;
                continue;
            }

            WriteImage(image.Span, info, writer);
        }
    }

    private void WriteImage(ReadOnlySpan<byte> jpeg, in JpegInfo info, RtpPacketWriter writer)
    {
        // One table (luma and chroma share it) or two, as the image has them (RFC 2435 §3.1.8).
        Span<byte> quant = stackalloc byte[128];
        jpeg.Slice(info.Quant0, 64).CopyTo(quant);
        var quantLength = 64;
        if (info.Quant1 >= 0)
        {
            jpeg.Slice(info.Quant1, 64).CopyTo(quant[64..]);
            quantLength = 128;
        }

        var data = jpeg.Slice(info.ScanStart, info.ScanEnd - info.ScanStart);
        var offset = 0;
        var type = info.Type | (info.RestartInterval != 0 ? 64 : 0);
        do
        {
            writer.StartPacket();
            writer.Append(0);
            writer.Append((byte)(offset >> 16));
            writer.Append((byte)(offset >> 8));
            writer.Append((byte)offset);
            writer.Append((byte)type);
            writer.Append(255);
            writer.Append((byte)(info.Width / 8));
            writer.Append((byte)(info.Height / 8));
            if (info.RestartInterval != 0)
            {
                writer.Append((byte)(info.RestartInterval >> 8));
                writer.Append((byte)info.RestartInterval);
                writer.Append(0xFF); // F = L = 1, count 0x3FFF: the packet holds whole and partial intervals
                writer.Append(0xFF);
            }

            if (offset == 0)
            {
                writer.Append(0);
                writer.Append(0);
                writer.Append(0);
                writer.Append((byte)quantLength);
                writer.Append(quant[..quantLength]);
            }

            var n = Math.Min(data.Length - offset, MaxPayloadSize - writer.PayloadLength);
            writer.Append(data.Slice(offset, n));
            offset += n;
            End(offset == data.Length);
        }
        while (offset < data.Length);
    }

    private readonly record struct JpegInfo(int Width, int Height, int Type, int RestartInterval, int Quant0, int Quant1, int ScanStart, int ScanEnd);

    private static bool TryParse(ReadOnlySpan<byte> j, out JpegInfo info)
    {
        info = default;
        if (j.Length < 4 || j[0] != 0xFF || j[1] != 0xD8)
        {
            return false;
        }

        int width = 0, height = 0, type = -1, restart = 0, q0 = -1, q1 = -1;
        var i = 2;
        while (i + 4 <= j.Length)
        {
            if (j[i] != 0xFF)
            {
                return false;
            }

            var marker = j[i + 1];
            var length = (j[i + 2] << 8) | j[i + 3];
            if (length < 2 || i + 2 + length > j.Length)
            {
                return false;
            }

            var seg = j.Slice(i + 4, length - 2);
            switch (marker)
            {
                case 0xDB:
                    for (var k = 0; k + 65 <= seg.Length; k += 65)
                    {
                        if (seg[k] >> 4 != 0)
                        {
                            return false; // 16-bit tables cannot be sent
                        }

                        if ((seg[k] & 0x0F) == 0)
                        {
                            q0 = i + 4 + k + 1;
                        }
                        else
                        {
                            q1 = i + 4 + k + 1;
                        }
                    }

                    break;
                case 0xC0:
                    if (seg.Length < 15 || seg[5] != 3)
                    {
                        return false;
                    }

                    height = (seg[1] << 8) | seg[2];
                    width = (seg[3] << 8) | seg[4];
                    type = seg[7] switch { 0x21 => 0, 0x22 => 1, _ => -1 };
                    break;
                case 0xC1 or 0xC2 or 0xC3:
                    return false;
                case 0xDD:
                    restart = seg.Length >= 2 ? (seg[0] << 8) | seg[1] : 0;
                    break;
                case 0xDA:
                    var start = i + 2 + length;
                    var end = j.Length;
                    if (end - 2 >= start && j[end - 2] == 0xFF && j[end - 1] == 0xD9)
                    {
                        end -= 2;
                    }

                    var ok = type >= 0 && q0 >= 0 && width is > 0 and <= 2040 && height is > 0 and <= 2040;
                    info = new JpegInfo(width, height, type, restart, q0, q1, start, end);
                    return ok;
            }

            i += 2 + length;
        }

        return false;
    }
}
