using System.Buffers.Binary;
using MediaBroker.Codecs.Mpeg12Audio;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// MPEG-1/2 audio (RFC 2250 §3.5, payload type 14): a 4-byte header with the fragment offset, then whole
/// frames, or a piece of one frame when it is larger than a packet. Units hold the packet's frames.
/// </summary>
public sealed class Mpeg12AudioDepacketizer : RtpDepacketizer
{
    private int _fragmentTotal;

    public Mpeg12AudioDepacketizer()
        : base(isVideo: false)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 4)
        {
            throw new RtpProtocolException("truncated MPEG audio header");
        }

        var offset = BinaryPrimitives.ReadUInt16BigEndian(payload.Span[2..]);
        var data = payload[4..];
        if (offset != 0)
        {
            if (!InFragment || offset != FragmentBytes)
            {
                throw new RtpProtocolException("MPEG audio fragment out of place");
            }

            AppendFragment(data);
        }
        else
        {
            while (data.Length > 0)
            {
                // A malformed header throws CodecProtocolException, which discards the unit like ours.
                if (!MpegAudioFrameHeader.TryParse(data.Span, out var header))
                {
                    throw new RtpProtocolException("truncated MPEG audio frame header");
                }

                var length = header.FrameLength;

                if (length > data.Length)
                {
                    StartFragment();
                    _fragmentTotal = length;
                    AppendFragment(data);
                    break;
                }

                AddPayload(data[..length]);
                data = data[length..];
            }
        }

        if (InFragment)
        {
            if (FragmentBytes < _fragmentTotal)
            {
                return;
            }

            if (FragmentBytes > _fragmentTotal)
            {
                throw new RtpProtocolException("MPEG audio fragments longer than the frame");
            }

            EndFragment([]);
        }

        CompleteUnit(output);
    }
}
