using System.Buffers.Binary;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// H.265 (RFC 7798): single NAL unit packets, aggregation packets (§4.4.2) and fragmentation units
/// (§4.4.3), without DONL (sprop-max-don-diff = 0, as every camera sends).
/// </summary>
public sealed class H265Depacketizer : RtpDepacketizer
{
    private const int Ap = 48;
    private const int Fu = 49;

    public H265Depacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 2)
        {
            throw new RtpProtocolException("H265 payload shorter than its header");
        }

        var type = (payload.Span[0] >> 1) & 0x3F;
        switch (type)
        {
            case Ap:
                ReadAggregate(payload[2..]);
                break;
            case Fu:
                ReadFragment(payload);
                break;
            case 50:
                throw new RtpProtocolException("H265 PACI packets are not supported");
            default:
                AddPayload(payload);
                break;
        }

        if (packet.Marker)
        {
            CompleteUnit(output);
        }
    }

    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
    {
        foreach (var nal in payloads)
        {
            // IRAP pictures: BLA, IDR and CRA (types 16-21).
            var type = (nal.Span[0] >> 1) & 0x3F;
            if (type is >= 16 and <= 21)
            {
                return true;
            }
        }

        return false;
    }

    private void ReadAggregate(ReadOnlyMemory<byte> body)
    {
        while (body.Length > 0)
        {
            if (body.Length < 2)
            {
                throw new RtpProtocolException("truncated H265 AP size");
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
            if (size < 2 || size > body.Length - 2)
            {
                throw new RtpProtocolException("H265 AP NAL unit size overruns the packet");
            }

            AddPayload(body.Slice(2, size));
            body = body[(2 + size)..];
        }
    }

    private void ReadFragment(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length < 4)
        {
            throw new RtpProtocolException("truncated H265 FU");
        }

        var span = payload.Span;
        var fuHeader = span[2];
        if ((fuHeader & 0x80) != 0)
        {
            StartFragment();
        }

        AppendFragment(payload[3..]);
        if ((fuHeader & 0x40) != 0)
        {
            // Rebuild the 2-byte NAL header: F and layer bits from the payload header, type from the FU header.
            ReadOnlySpan<byte> nalHeader = [(byte)((span[0] & 0x81) | ((fuHeader & 0x3F) << 1)), span[1]];
            EndFragment(nalHeader);
        }
    }
}
