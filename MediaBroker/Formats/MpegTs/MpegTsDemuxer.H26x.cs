using MediaBroker.Codecs;
using MediaBroker.Codecs.Nal;

namespace MediaBroker.Formats.MpegTs;

// H.264 / H.265 access units: Annex B to NAL units, parameter sets into the track.
public sealed partial class MpegTsDemuxer
{
    private void OnH26x(TsElementaryStream es, byte[] data, long pts, long dts)
    {
        var h265 = es.Kind == TsStreamKind.H265;
        var count = 0;
        var key = false;
        var paramsChanged = false;
        var pos = 0;
        while (AnnexB.TryReadNext(data, ref pos, out var start, out var length))
        {
            if (length == 0)
            {
                continue;
            }

            var nal = data.AsSpan(start, length);
            var type = h265 ? (nal[0] >> 1) & 0x3F : nal[0] & 0x1F;
            switch (h265 ? H265Role(type) : H264Role(type))
            {
                case NalRole.Delimiter:
                    continue; // access unit delimiters are framing, re-created by muxers that need them
                case NalRole.Vps:
                    paramsChanged |= Remember(es.Vps, nal, out var vps);
                    es.Vps = vps;
                    break;
                case NalRole.Sps:
                    paramsChanged |= Remember(es.Sps, nal, out var sps);
                    es.Sps = sps;
                    break;
                case NalRole.Pps:
                    paramsChanged |= Remember(es.Pps, nal, out var pps);
                    es.Pps = pps;
                    break;
                case NalRole.RandomAccess:
                    key = true;
                    break;
            }

            count++;
        }

        if (paramsChanged && es.Sps is not null && es.Pps is not null && (!h265 || es.Vps is not null))
        {
            SetCodec(es, h265 ? new H265Codec(es.Vps, es.Sps, es.Pps) : new H264Codec(es.Sps, es.Pps));
        }

        if (count == 0)
        {
            return;
        }

        // Parameter sets stay in the unit too: decoders that read the stream in-band need them at key frames.
        var payloads = new ReadOnlyMemory<byte>[count];
        var i = 0;
        pos = 0;
        while (AnnexB.TryReadNext(data, ref pos, out var start, out var length))
        {
            if (length == 0)
            {
                continue;
            }

            var type = h265 ? (data[start] >> 1) & 0x3F : data[start] & 0x1F;
            if ((h265 ? H265Role(type) : H264Role(type)) != NalRole.Delimiter)
            {
                payloads[i++] = data.AsMemory(start, length);
            }
        }

        Emit(es, pts, dts, key && es.Codec is not null, payloads, dts);
    }

    /// <summary>Keeps the latest parameter set; allocates only when it differs from the one held.</summary>
    private static bool Remember(byte[]? held, ReadOnlySpan<byte> nal, out byte[] result)
    {
        if (held is not null && held.AsSpan().SequenceEqual(nal))
        {
            result = held;
            return false;
        }

        result = nal.ToArray();
        return true;
    }

    /// <summary>ITU-T H.264 Table 7-1.</summary>
    private static NalRole H264Role(int type) => type switch
    {
        5 => NalRole.RandomAccess,
        7 => NalRole.Sps,
        8 => NalRole.Pps,
        9 => NalRole.Delimiter,
        _ => NalRole.Other,
    };

    /// <summary>ITU-T H.265 Table 7-1: IRAP pictures are types 16..23.</summary>
    private static NalRole H265Role(int type) => type switch
    {
        >= 16 and <= 23 => NalRole.RandomAccess,
        32 => NalRole.Vps,
        33 => NalRole.Sps,
        34 => NalRole.Pps,
        35 => NalRole.Delimiter,
        _ => NalRole.Other,
    };

    private enum NalRole
    {
        Other,
        Delimiter,
        Vps,
        Sps,
        Pps,
        RandomAccess,
    }
}
