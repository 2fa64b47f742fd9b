using System.Buffers.Binary;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// H.264 (RFC 6184): single NAL unit packets, STAP-A (§5.7.1) and FU-A (§5.8), in packetization
/// modes 0 and 1. Units are access units: NAL units without start codes, closed by the marker bit
/// (§5.1) or a timestamp change.
/// </summary>
public sealed class H264Depacketizer : RtpDepacketizer
{
    private const int StapA = 24;
    private const int FuA = 28;

    public H264Depacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 1)
        {
            throw new RtpProtocolException("empty H264 payload");
        }

        var type = payload.Span[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                AddPayload(payload);
                break;
            case StapA:
                ReadAggregate(payload[1..]);
                break;
            case FuA:
                ReadFragment(payload);
                break;
            default:
                // STAP-B, MTAP and FU-B belong to the interleaved mode (2), which RTSP cameras do not use.
                throw new RtpProtocolException($"unsupported H264 RTP packet type {type}");
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
            if ((nal.Span[0] & 0x1F) == 5)
            {
                return true;
            }
        }

        return false;
    }

    private void ReadAggregate(ReadOnlyMemory<byte> body)
    {
        // Each aggregated NAL unit is preceded by its 16-bit size (§5.7.1).
        while (body.Length > 0)
        {
            if (body.Length < 2)
            {
                throw new RtpProtocolException("truncated STAP-A size");
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
            if (size == 0 || size > body.Length - 2)
            {
                throw new RtpProtocolException("STAP-A NAL unit size overruns the packet");
            }

            AddPayload(body.Slice(2, size));
            body = body[(2 + size)..];
        }
    }

    private void ReadFragment(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length < 3)
        {
            throw new RtpProtocolException("truncated FU-A");
        }

        var indicator = payload.Span[0];
        var header = payload.Span[1];
        var start = (header & 0x80) != 0;
        var end = (header & 0x40) != 0;
        if (start)
        {
            StartFragment();
        }

        AppendFragment(payload[2..]);
        if (end)
        {
            // The NAL header is rebuilt from the indicator's F/NRI bits and the FU header's type (§5.8).
            ReadOnlySpan<byte> nalHeader = [(byte)((indicator & 0xE0) | (header & 0x1F))];
            EndFragment(nalHeader);
        }
    }
}
