using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Codecs.Ac3;
using MediaBroker.Codecs.Av1;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Mpeg12Audio;
using MediaBroker.Codecs.Nal;
using MediaBroker.Codecs.Opus;
using MediaBroker.Codecs.Vp9;

namespace MediaBroker.Fuzz;

/// <summary>
/// Bitstream parsers: they return false for truncated input and throw CodecProtocolException for values out of range.
/// Callers (depacketizers, demuxers, SDP mapping) treat both as a bad unit or track.
/// </summary>
public static partial class FuzzTargets
{
    private static IEnumerable<FuzzTarget> CodecTargets() =>
    [
        new("h264", "Annex B split, then SPS, PPS and slice headers, H264DtsExtractor; avcC", data => Expect<CodecProtocolException>(() => H264(data))),
        new("h265", "Annex B split, then VPS and SPS, H265DtsExtractor; hvcC", data => Expect<CodecProtocolException>(() => H265(data))),
        new("av1", "Av1TemporalUnit.Split, OBU headers and sequence headers", data => Expect<CodecProtocolException>(() => Av1(data))),
        new("vp9", "Vp9FrameHeader.TryParse", data => Expect<CodecProtocolException>(() => Vp9FrameHeader.TryParse(data, out _))),
        new("aac", "AudioSpecificConfig, ADTS header, LATM StreamMuxConfig and LOAS frames", data => Expect<CodecProtocolException>(() => Aac(data))),
        new("opus", "OpusHead and Opus packet TOC", data => Expect<CodecProtocolException>(() =>
        {
            _ = OpusHead.TryParse(data, out _);
            _ = OpusPacket.TryParse(data, out _);
        })),
        new("ac3", "Ac3FrameHeader.TryParse and sync frame length", data => Expect<CodecProtocolException>(() =>
        {
            _ = Ac3FrameHeader.TryParse(data, out _);
            _ = Ac3FrameHeader.TryReadSyncFrameLength(data, out _);
        })),
        new("mpeg-audio", "MpegAudioFrameHeader.TryParse", data => Expect<CodecProtocolException>(() => MpegAudioFrameHeader.TryParse(data, out _))),
    ];

    private static void H264(byte[] data)
    {
        _ = AvcDecoderConfigurationRecord.TryParse(data, out _);
        var nalus = AnnexB.Split(data);
        var sps = new Dictionary<int, H264Sps>();
        var pps = new Dictionary<int, H264Pps>();
        var dts = new H264DtsExtractor();
        foreach (var nalu in nalus)
        {
            var span = nalu.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            switch (H264Nalu.TypeOf(span))
            {
                case H264NalUnitType.Sps when H264Sps.TryParse(span, out var s):
                    sps[s.Id] = s;
                    break;
                case H264NalUnitType.Pps when H264Pps.TryParse(span, out var p):
                    pps[p.Id] = p;
                    break;
                case var type when H264Nalu.IsSlice(type):
                    _ = H264SliceHeader.TryParse(span, id => pps.TryGetValue(id, out var x) ? x : null,
                        id => sps.TryGetValue(id, out var x) ? x : null, out _, out _);
                    break;
            }
        }

        _ = dts.Extract(nalus, 0);
    }

    private static void H265(byte[] data)
    {
        _ = HevcDecoderConfigurationRecord.TryParse(data, out _);
        var nalus = AnnexB.Split(data);
        var dts = new H265DtsExtractor();
        byte[]? vps = null;
        foreach (var nalu in nalus)
        {
            var span = nalu.Span;
            if (span.Length < 2)
            {
                continue;
            }

            switch (H265Nalu.TypeOf(span))
            {
                case H265NalUnitType.Vps when H265Vps.TryParse(span, out _):
                    vps = span.ToArray();
                    break;
                case H265NalUnitType.Sps when H265Sps.TryParse(span, out _) && vps is not null:
                    dts.SetParameterSets(vps, span);
                    break;
            }
        }

        _ = dts.Extract(nalus, 0);
    }

    private static void Av1(byte[] data)
    {
        var obus = Av1TemporalUnit.Split(data);
        foreach (var obu in obus)
        {
            if (Av1ObuHeader.TryRead(obu.Span, out var header) && header.Type == Av1ObuType.SequenceHeader)
            {
                _ = Av1SequenceHeader.TryParse(obu.Span, out _);
            }
        }

        _ = Av1TemporalUnit.IsRandomAccess(obus);
    }

    private static void Aac(byte[] data)
    {
        _ = AudioSpecificConfig.TryParse(data, out _);
        _ = AdtsHeader.TryParse(data, out _);
        _ = LatmStreamMuxConfig.TryParse(data, out _);
        _ = LatmStreamMuxConfig.TryParseAudioMuxElement(data, out _);
        _ = LatmStreamMuxConfig.TryReadLoasFrame(data, out _);
    }
}
