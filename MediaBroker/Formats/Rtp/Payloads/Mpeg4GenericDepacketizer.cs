using System.Buffers.Binary;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AAC in mpeg4-generic (RFC 3640 §3.2-3.3): an AU-header section (AU-headers-length in bits, then per
/// AU sizelength bits of size and index/index-delta bits), then the AUs. One packet gives one unit with
/// all its AUs; an AU bigger than a packet spans packets whose last one has the marker (§3.2.3).
/// </summary>
public sealed class Mpeg4GenericDepacketizer : RtpDepacketizer
{
    private readonly int _sizeLength;
    private readonly int _indexLength;
    private readonly int _indexDeltaLength;
    private int _fragmentTotal;

    /// <param name="sizeLength">13 for AAC-hbr, 6 for AAC-lbr (fmtp sizelength).</param>
    public Mpeg4GenericDepacketizer(int sizeLength = 13, int indexLength = 3, int indexDeltaLength = 3)
        : base(isVideo: false)
    {
        if (!IsSupportedLayout(sizeLength, indexLength, indexDeltaLength))
        {
            throw new ArgumentException("unsupported AU-header layout");
        }

        _sizeLength = sizeLength;
        _indexLength = indexLength;
        _indexDeltaLength = indexDeltaLength;
    }

    /// <summary>Whether AU headers with these field widths (fmtp sizelength, indexlength, indexdeltalength) can be read.</summary>
    public static bool IsSupportedLayout(int sizeLength, int indexLength, int indexDeltaLength) =>
        sizeLength is >= 1 and <= 16 && indexLength is >= 0 and <= 8 && indexDeltaLength is >= 0 and <= 8;

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        var span = payload.Span;
        if (span.Length < 2)
        {
            throw new RtpProtocolException("truncated AU-headers-length");
        }

        var headerBits = BinaryPrimitives.ReadUInt16BigEndian(span);
        var headerBytes = (headerBits + 7) / 8;
        if (span.Length < 2 + headerBytes)
        {
            throw new RtpProtocolException("AU-header section overruns the packet");
        }

        var headers = span.Slice(2, headerBytes);
        var data = payload[(2 + headerBytes)..];
        if (InFragment)
        {
            // A continuation repeats the AU header of the whole AU (§3.2.3); its data is the next piece.
            AppendFragment(data);
        }
        else
        {
            var bit = 0;
            var first = true;
            while (headerBits - bit >= _sizeLength + (first ? _indexLength : _indexDeltaLength))
            {
                var size = ReadBits(headers, ref bit, _sizeLength);
                bit += first ? _indexLength : _indexDeltaLength; // interleaving is not used by live encoders
                first = false;
                if (size > data.Length)
                {
                    // The AU continues in the next packets: it is then alone in its packets.
                    StartFragment();
                    _fragmentTotal = size;
                    AppendFragment(data);
                    break;
                }

                AddPayload(data[..size]);
                data = data[size..];
            }
        }

        if (InFragment)
        {
            if (FragmentBytes > _fragmentTotal)
            {
                throw new RtpProtocolException("AU fragments longer than the announced AU size");
            }

            if (FragmentBytes < _fragmentTotal)
            {
                if (packet.Marker)
                {
                    throw new RtpProtocolException("AU ended before its announced size");
                }

                return;
            }

            EndFragment([]);
        }

        CompleteUnit(output);
    }

    private static int ReadBits(ReadOnlySpan<byte> src, ref int bit, int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++, bit++)
        {
            value = (value << 1) | ((src[bit >> 3] >> (7 - (bit & 7))) & 1);
        }

        return value;
    }
}
