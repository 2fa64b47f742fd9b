using MediaBroker.Codecs;
using MediaBroker.Formats.Sdp;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// Chooses one payload type per media section: for reading, the offered format that can carry a stream
/// track as is (no transcoding); for publishing, the first format in the offerer's preference order that
/// the broker can depacketize. Codecs WebRTC carries: H264, H265, VP8, VP9, AV1, Opus, G711, G722.
/// </summary>
public static class WebRtcCodecMatcher
{
    /// <summary>True for codecs a WebRTC peer can receive from us without transcoding.</summary>
    public static bool IsWebRtcCodec(Codec codec) => codec switch
    {
        H264Codec or H265Codec or Vp8Codec or Vp9Codec or Av1Codec or OpusCodec or G722Codec => true,
        G711Codec g => g.SampleRate == 8000 && g.ChannelCount == 1,
        _ => false,
    };

    /// <summary>The offered format that best carries <paramref name="codec"/>, or null.</summary>
    public static SdpFormat? MatchForRead(MediaDescription media, Codec codec)
    {
        if (!IsWebRtcCodec(codec))
        {
            return null;
        }

        SdpFormat? best = null;
        var bestScore = -1;
        for (var i = 0; i < media.Formats.Count; i++)
        {
            if (!SdpFormat.TryRead(media, i, out var format))
            {
                continue;
            }

            var offered = SdpCodecMapper.FromFormat(format, media.Media);
            var score = Score(codec, offered, format);
            if (score > bestScore)
            {
                best = format;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The first offered format we can ingest, with its codec, or null.</summary>
    public static (SdpFormat Format, Codec Codec)? ChooseForPublish(MediaDescription media)
    {
        for (var i = 0; i < media.Formats.Count; i++)
        {
            if (SdpFormat.TryRead(media, i, out var format)
                && SdpCodecMapper.FromFormat(format, media.Media) is var codec
                && IsWebRtcCodec(codec))
            {
                return (format, codec);
            }
        }

        return null;
    }

    /// <summary>-1 when the offered format cannot carry the codec; higher is better.</summary>
    private static int Score(Codec codec, Codec offered, SdpFormat format) => (codec, offered) switch
    {
        (H264Codec h, H264Codec) => H264Score(h, format),
        (H265Codec, H265Codec) => 1,
        (Vp8Codec, Vp8Codec) => 1,
        (Vp9Codec v, Vp9Codec o) when v.Profile == o.Profile => 1,
        (Av1Codec, Av1Codec) => 1,
        (OpusCodec, OpusCodec) => 1,
        (G722Codec, G722Codec) => 1,
        (G711Codec g, G711Codec o) when g.MuLaw == o.MuLaw && o.SampleRate == 8000 && o.ChannelCount == 1 => 1,
        _ => -1,
    };

    /// <summary>
    /// Our packetizer fragments with FU-A, so packetization-mode=1 is needed (RFC 6184 §6.3); among those,
    /// prefer the stream's own profile, then constrained baseline (every browser decodes it).
    /// </summary>
    private static int H264Score(H264Codec h, SdpFormat format)
    {
        var score = 1;
        if (format.Get("packetization-mode") == "1")
        {
            score += 100;
        }

        var plid = format.Get("profile-level-id");
        if (plid is { Length: 6 })
        {
            if (h.Sps is { Length: > 3 } sps && string.Equals(plid[..2], sps[1].ToString("x2", System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
            {
                score += 10;
            }

            if (plid.StartsWith("42e0", StringComparison.OrdinalIgnoreCase))
            {
                score += 1;
            }
        }

        return score;
    }
}
