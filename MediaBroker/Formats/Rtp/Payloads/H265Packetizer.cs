using MediaBroker.Codecs;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>H.265 packetizer (RFC 7798): single NAL, aggregation packets (type 48), fragmentation units (type 49).</summary>
public sealed class H265Packetizer : NalPacketizer
{
    private byte[]? _vps;
    private byte[]? _sps;
    private byte[]? _pps;

    public H265Packetizer(RtpPacketizerOptions options, H265Codec? codec = null)
        : base(options)
    {
        if (codec is not null)
        {
            UpdateCodec(codec);
        }
    }

    protected override int NalHeaderLength => 2;

    public override void UpdateCodec(Codec codec)
    {
        if (codec is H265Codec h)
        {
            _vps = h.Vps;
            _sps = h.Sps;
            _pps = h.Pps;
        }
    }

    protected override void CollectNals(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, List<ReadOnlyMemory<byte>> nals)
    {
        bool irap = false, hasParams = false;
        foreach (var p in payloads)
        {
            if (p.Length < 2)
            {
                continue;
            }

            var t = (p.Span[0] >> 1) & 0x3F;
            irap |= t is >= 16 and <= 21;
            hasParams |= t == 33;
        }

        if (irap && !hasParams && _vps is { Length: > 0 } v && _sps is { Length: > 0 } s && _pps is { Length: > 0 } q)
        {
            nals.Add(v);
            nals.Add(s);
            nals.Add(q);
        }

        foreach (var p in payloads)
        {
            nals.Add(p);
        }
    }

    protected override void WriteAggregationHeader(RtpPacketWriter writer, List<ReadOnlyMemory<byte>> nals)
    {
        // Payload header: F bit, type 48, the lowest layer id and temporal id of the aggregated units (§4.4.2).
        var layer = 63;
        var tid = 7;
        foreach (var n in nals)
        {
            var s = n.Span;
            layer = Math.Min(layer, ((s[0] & 1) << 5) | (s[1] >> 3));
            tid = Math.Min(tid, s[1] & 7);
        }

        writer.Append((byte)((48 << 1) | (layer >> 5)));
        writer.Append((byte)(((layer & 0x1F) << 3) | tid));
    }

    protected override void WriteFragmentHeader(RtpPacketWriter writer, ReadOnlySpan<byte> nal, bool start, bool end)
    {
        writer.Append((byte)((nal[0] & 0x81) | (49 << 1)));
        writer.Append(nal[1]);
        writer.Append((byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((nal[0] >> 1) & 0x3F)));
    }
}
