using MediaBroker.Codecs;
using MediaBroker.Formats.Flv;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using MediaBroker.Streams.Audio;
using MediaBroker.Streams.Fmp4;
using MediaBroker.Streams.WebM;

namespace MediaBroker.Protocols.HttpStream;

/// <summary>Which tracks of a stream each output carries (the shared encoders' own choice), without creating an encoder.</summary>
internal static class HttpStreamTracks
{
    public static IReadOnlyList<Track> Carried(HttpStreamFormat format, IReadOnlyList<Track> tracks) => format switch
    {
        HttpStreamFormat.Flv => Flv(tracks),
        HttpStreamFormat.MpegTs => new MpegTsMuxer(tracks).Tracks,
        HttpStreamFormat.Mp4 => Fmp4StreamEncoder.SelectTracks(tracks),
        HttpStreamFormat.WebM => WebmStreamEncoder.SelectTracks(tracks),
        _ => Audio(tracks, format == HttpStreamFormat.Aac ? AudioFrameFormat.Adts : AudioFrameFormat.MpegAudio),
    };

    /// <summary>What the output can carry, for the refusal message.</summary>
    public static string Supported(HttpStreamFormat format) => format switch
    {
        HttpStreamFormat.Flv => "H264, H265, AV1, VP9, AAC, MP3, Opus, AC-3, G711",
        HttpStreamFormat.MpegTs => "H264, H265, MPEG-4/1/2 video, AAC, MP3, Opus, AC-3",
        HttpStreamFormat.Mp4 => "H264, H265, AV1, VP9, AAC, Opus, MP3, AC-3",
        HttpStreamFormat.WebM => "VP8, VP9, AV1, Opus",
        HttpStreamFormat.Aac => "an AAC track",
        _ => "an MPEG-1/2 audio (MP3) track",
    };

    public static string Describe(IReadOnlyList<Track> tracks) =>
        string.Join(", ", tracks.Select(t => t.Codec.Name));

    /// <summary>The first video and the first audio track FLV carries, as <see cref="Streams.Flv.FlvStreamEncoder"/> picks them.</summary>
    private static Track[] Flv(IReadOnlyList<Track> tracks)
    {
        var video = tracks.FirstOrDefault(t => t.Kind == MediaKind.Video && FlvMuxer.CanCarry(t.Codec));
        var audio = tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio && FlvMuxer.CanCarry(t.Codec));
        return [.. new[] { video, audio }.OfType<Track>()];
    }

    private static Track[] Audio(IReadOnlyList<Track> tracks, AudioFrameFormat format) =>
        tracks.FirstOrDefault(t => AudioFrameEncoder.CanFrame(t, format)) is { } t ? [t] : [];
}
