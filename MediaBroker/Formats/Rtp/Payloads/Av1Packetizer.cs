using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AV1 packetizer: every OBU element has a LEB128 length (W = 0), OBUs that do not fit are split with
/// Y/Z, temporal delimiters are dropped and obu_size fields removed (AV1 RTP spec §5), N marks a new
/// coded video sequence.
/// </summary>
public sealed class Av1Packetizer : RtpPacketizer
{
    private readonly List<(ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Body)> _obus = [];

    public Av1Packetizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        _obus.Clear();
        var newSequence = false;
        foreach (var obu in payloads)
        {
            if (obu.Length == 0)
            {
                continue;
            }

            var h = obu.Span[0];
            var type = (h >> 3) & 0x0F;
            if (type == 2)
            {
                continue; // temporal delimiter
            }

            newSequence |= type == 1;
            var headerLength = (h & 0x04) != 0 ? 2 : 1;
            if ((h & 0x02) == 0 || obu.Length < headerLength)
            {
                _obus.Add((obu, ReadOnlyMemory<byte>.Empty));
                continue;
            }

            // Remove obu_size: the header byte is rewritten without obu_has_size_field.
            var sized = TryReadSize(obu.Span[headerLength..], out var size, out var n);
            var bodyStart = headerLength + n;
            var bodyLength = sized ? (int)Math.Min(size, (uint)(obu.Length - bodyStart)) : obu.Length - headerLength;
            var header = new byte[headerLength];
            obu.Span[..headerLength].CopyTo(header);
            header[0] &= 0xFD;
            _obus.Add((header, sized ? obu.Slice(bodyStart, bodyLength) : obu[headerLength..]));
        }

        Span<byte> lengthField = stackalloc byte[8];
        var open = false;
        var continuing = false;
        for (var i = 0; i < _obus.Count; i++)
        {
            var (head, rest) = _obus[i];
            var total = head.Length + rest.Length;
            var consumed = 0;
            while (consumed < total)
            {
                if (!open)
                {
                    writer.StartPacket();
                    writer.Append((byte)((continuing ? 0x80 : 0) | (newSequence ? 0x08 : 0)));
                    newSequence = false;
                    open = true;
                }

                var room = MaxPayloadSize - writer.PayloadLength;
                var space = room - Leb128.SizeOf((uint)room);
                if (space <= 0)
                {
                    // Full right after a whole OBU: nothing continues into the next packet.
                    Close(writer, y: false, ref open);
                    continue;
                }

                var n = Math.Min(space, total - consumed);
                writer.Append(lengthField[..Leb128.Write(lengthField, (uint)n)]);
                AppendRange(writer, head.Span, rest.Span, consumed, n);
                consumed += n;
                continuing = false;
                if (consumed < total)
                {
                    Close(writer, y: true, ref open);
                    continuing = true;
                }
            }
        }

        if (open)
        {
            End(true);
        }
    }

    // obu_size of a publisher's OBU; false when it is cut short or malformed, and the OBU then goes out as it is.
    private static bool TryReadSize(ReadOnlySpan<byte> data, out uint size, out int length)
    {
        try
        {
            return Leb128.TryRead(data, out size, out length);
        }
        catch (CodecProtocolException)
        {
            (size, length) = (0, 0);
            return false;
        }
    }

    private static void AppendRange(RtpPacketWriter writer, ReadOnlySpan<byte> head, ReadOnlySpan<byte> rest, int from, int count)
    {
        if (from < head.Length)
        {
            var h = Math.Min(count, head.Length - from);
            writer.Append(head.Slice(from, h));
            from += h;
            count -= h;
        }

        if (count > 0)
        {
            writer.Append(rest.Slice(from - head.Length, count));
        }
    }

    private void Close(RtpPacketWriter writer, bool y, ref bool open)
    {
        if (y)
        {
            // Set Y in the aggregation header of the packet being closed.
            writer.At(writer.Reserve(0) - writer.PayloadLength, 1)[0] |= 0x40;
        }

        End(false);
        open = false;
    }
}
