using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Protocols.Hls;

/// <summary>Which tracks of a stream an HLS variant carries: the first video and the first audio track it supports.</summary>
internal static class HlsTrackSelection
{
    public const string FmpCodecs = "AV1, VP9, H265, H264, Opus, MPEG-4 Audio, MPEG-1/2 Audio, AC3";
    public const string TsCodecs = "H265, H264, MPEG-4 Audio, MPEG-1/2 Audio, Opus";

    public static (Track? Video, Track? Audio) Select(IReadOnlyList<Track> tracks, HlsVariant variant)
    {
        Track? video = null;
        Track? audio = null;
        foreach (var t in tracks)
        {
            if (video is null && IsSupportedVideo(t.Codec, variant))
            {
                video = t;
            }
            else if (audio is null && IsSupportedAudio(t.Codec, variant))
            {
                audio = t;
            }
        }

        return (video, audio);
    }

    public static string SupportedCodecs(HlsVariant variant) => variant == HlsVariant.MpegTs ? TsCodecs : FmpCodecs;

    private static bool IsSupportedVideo(Codec codec, HlsVariant variant) => variant == HlsVariant.MpegTs
        ? codec is H264Codec or H265Codec
        : codec is H264Codec or H265Codec or Av1Codec or Vp9Codec;

    private static bool IsSupportedAudio(Codec codec, HlsVariant variant) => variant == HlsVariant.MpegTs
        ? codec is Mpeg4AudioCodec or Mpeg12AudioCodec or OpusCodec
        : codec is Mpeg4AudioCodec or Mpeg12AudioCodec or OpusCodec or Ac3Codec;
}
