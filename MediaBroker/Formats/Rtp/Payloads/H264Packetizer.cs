using MediaBroker.Codecs;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>H.264 packetizer (RFC 6184, packetization mode 1): single NAL, STAP-A, FU-A.</summary>
public sealed class H264Packetizer : NalPacketizer
{
    private byte[]? _sps;
    private byte[]? _pps;

    public H264Packetizer(RtpPacketizerOptions options, H264Codec? codec = null)
        : base(options)
    {
        if (codec is not null)
        {
            UpdateCodec(codec);
        }
    }

    protected override int NalHeaderLength => 1;

    public override void UpdateCodec(Codec codec)
    {
        if (codec is H264Codec h)
        {
            _sps = h.Sps;
            _pps = h.Pps;
        }
    }

    protected override void CollectNals(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, List<ReadOnlyMemory<byte>> nals)
    {
        bool idr = false, sps = false, pps = false;
        foreach (var p in payloads)
        {
            if (p.Length == 0)
            {
                continue;
            }

            switch (p.Span[0] & 0x1F)
            {
                case 5: idr = true; break;
                case 7: sps = true; break;
                case 8: pps = true; break;
            }
        }

        // Readers joining at this IDR need the parameter sets in-band (RTSP clients that ignore sprop, WebRTC).
        if (idr && !(sps && pps) && _sps is { Length: > 0 } s && _pps is { Length: > 0 } q)
        {
            nals.Add(s);
            nals.Add(q);
        }

        foreach (var p in payloads)
        {
            var t = p.Length == 0 ? 0 : p.Span[0] & 0x1F;
            if (idr && !(sps && pps) && t is 7 or 8 && _sps is not null && _pps is not null)
            {
                continue; // a lone SPS or PPS was replaced by the full pair above
            }

            nals.Add(p);
        }
    }

    protected override void WriteAggregationHeader(RtpPacketWriter writer, List<ReadOnlyMemory<byte>> nals)
    {
        // STAP-A header: F = OR of the Fs, NRI = the highest NRI (RFC 6184 §5.7.1).
        var f = 0;
        var nri = 0;
        foreach (var n in nals)
        {
            f |= n.Span[0] & 0x80;
            nri = Math.Max(nri, n.Span[0] & 0x60);
        }

        writer.Append((byte)(f | nri | 24));
    }

    protected override void WriteFragmentHeader(RtpPacketWriter writer, ReadOnlySpan<byte> nal, bool start, bool end)
    {
        writer.Append((byte)((nal[0] & 0xE0) | 28));
        writer.Append((byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1F)));
    }
}
