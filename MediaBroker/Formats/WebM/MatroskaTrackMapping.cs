using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Mpeg12Audio;
using MediaBroker.Codecs.Opus;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;

namespace MediaBroker.Formats.WebM;

/// <summary>
/// Our tracks as Matroska TrackEntries (the Matroska codec mappings): codec ID, CodecPrivate (avcC, hvcC, av1C,
/// AudioSpecificConfig, OpusHead), picture size or audio format. Sizes and formats come from the same reading of the
/// codec parameters (or of a first frame, for VP8, VP9, MP3 and AC-3) that an fMP4 init makes.
/// </summary>
public static class MatroskaTrackMapping
{
    /// <summary>Opus pre-skip in 48 kHz samples (the encoder delay libopus declares).</summary>
    private const int OpusPreSkip = 312;

    /// <summary>Whether a file of <paramref name="docType"/> can carry <paramref name="codec"/>.</summary>
    public static bool CanCarry(Codec codec, MatroskaDocType docType) => codec switch
    {
        Vp8Codec or Vp9Codec or Av1Codec or OpusCodec => true,
        H264Codec or H265Codec or Mpeg4AudioCodec or Mpeg12AudioCodec or Ac3Codec => docType == MatroskaDocType.Matroska,
        _ => false,
    };

    /// <summary>
    /// The TrackEntry of <paramref name="track"/> as number <paramref name="number"/>, and how its blocks are framed
    /// (<paramref name="framing"/>: null for codecs whose frames are written as they are). <paramref name="sample"/> is
    /// a key frame or an audio frame of the track, for codecs whose parameters are in their frames.
    /// </summary>
    public static Fmp4TrackStatus TryCreate(Track track, int number, Unit? sample, out WebmTrack? entry, out Fmp4TrackInfo? framing)
    {
        ArgumentNullException.ThrowIfNull(track);
        entry = null;
        framing = null;
        var codec = track.Codec;
        if (codec is Vp8Codec)
        {
            if (sample is null || !TryVp8Size(sample, out var w, out var h))
            {
                return Fmp4TrackStatus.NeedsSample;
            }

            entry = new WebmTrack(number, true, "V_VP8", default, w, h, 0, 0);
            return Fmp4TrackStatus.Ready;
        }

        var status = Fmp4TrackInfo.TryCreate(number, codec, sample, out var info);
        if (status != Fmp4TrackStatus.Ready)
        {
            return status;
        }

        var layer = 3;
        if (codec is Mpeg12AudioCodec)
        {
            if (sample is not { Payloads.Length: > 0 } || !MpegAudioFrameHeader.TryParse(sample.Payloads[0].Span, out var mpeg))
            {
                return Fmp4TrackStatus.NeedsSample;
            }

            layer = mpeg.Layer;
        }

        entry = codec switch
        {
            H264Codec c => Video(info!, number, "V_MPEG4/ISO/AVC", AvcDecoderConfigurationRecord.Build(c.Sps, c.Pps)),
            H265Codec c => Video(info!, number, "V_MPEGH/ISO/HEVC", HevcDecoderConfigurationRecord.Build(c.Vps!, c.Sps!, c.Pps!)),
            Av1Codec c => Video(info!, number, "V_AV1", Av1CodecConfigurationRecord.Build(c.SequenceHeader)),
            Vp9Codec => Video(info!, number, "V_VP9", default),
            OpusCodec c => new WebmTrack(number, false, "A_OPUS", OpusHead.Build(c.ChannelCount, OpusPreSkip), 0, 0, 48000, c.ChannelCount,
                OpusPreSkip * 1_000_000_000L / 48000),
            Mpeg4AudioCodec c => Audio(info!, number, "A_AAC", c.Config),
            Mpeg12AudioCodec => Audio(info!, number, "A_MPEG/L" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture), default),
            Ac3Codec => Audio(info!, number, "A_AC3", default),
            _ => null,
        };
        if (entry is null)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        framing = Fmp4SampleBuilder.FramingOf(codec) == Fmp4SampleFraming.Raw ? null : info;
        return Fmp4TrackStatus.Ready;
    }

    private static WebmTrack Video(Fmp4TrackInfo info, int number, string codecId, ReadOnlyMemory<byte> codecPrivate) =>
        new(number, true, codecId, codecPrivate, info.Width, info.Height, 0, 0);

    private static WebmTrack Audio(Fmp4TrackInfo info, int number, string codecId, ReadOnlyMemory<byte> codecPrivate) =>
        new(number, false, codecId, codecPrivate, 0, 0, info.SampleRate, info.ChannelCount);

    /// <summary>VP8 key frame (RFC 6386 §9.1): start code, then 14-bit width and height (the top 2 bits are scaling).</summary>
    private static bool TryVp8Size(Unit unit, out int width, out int height)
    {
        (width, height) = (0, 0);
        if (!unit.IsKeyFrame || unit.Payloads.Length == 0)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[10];
        var copied = 0;
        foreach (var p in unit.Payloads)
        {
            var n = Math.Min(p.Length, head.Length - copied);
            p.Span[..n].CopyTo(head[copied..]);
            copied += n;
            if (copied == head.Length)
            {
                break;
            }
        }

        if (copied < head.Length || head[3] != 0x9D || head[4] != 0x01 || head[5] != 0x2A)
        {
            return false;
        }

        width = (head[6] | (head[7] << 8)) & 0x3FFF;
        height = (head[8] | (head[9] << 8)) & 0x3FFF;
        return width > 0 && height > 0;
    }
}
