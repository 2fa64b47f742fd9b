using MediaBroker.Codecs.Ac3;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AC-3 (RFC 4184 §4.1): a 2-byte header (FT frame type, NF count), then whole frames (FT 0) or one
/// frame's fragments (FT 1/2 initial, FT 3 following; the marker ends the frame).
/// </summary>
public sealed class Ac3Depacketizer : RtpDepacketizer
{
    public Ac3Depacketizer()
        : base(isVideo: false)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 2)
        {
            throw new RtpProtocolException("truncated AC-3 payload header");
        }

        var ft = payload.Span[0] & 0x03;
        var data = payload[2..];
        if (ft == 0)
        {
            while (data.Length > 0)
            {
                // A malformed header throws CodecProtocolException, which discards the unit like ours.
                if (!Ac3FrameHeader.TryReadSyncFrameLength(data.Span, out var length) || length > data.Length)
                {
                    throw new RtpProtocolException("invalid AC-3 frame in a whole-frames packet");
                }

                AddPayload(data[..length]);
                data = data[length..];
            }

            CompleteUnit(output);
            return;
        }

        if (ft != 3)
        {
            StartFragment();
        }

        AppendFragment(data);
        if (packet.Marker)
        {
            EndFragment([]);
            CompleteUnit(output);
        }
    }
}
