using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>Synthetic H264 (25 fps) + AAC (44.1 kHz, 1024-sample frames) units in decode order, for segmenter tests.</summary>
internal static class HlsTestUnits
{
    public const int FrameTicks = 3600; // 40 ms at 90 kHz

    public static HlsSegmenter Segmenter(Track[] tracks, HlsVariant variant = HlsVariant.LowLatency, double segmentSeconds = 1, double partSeconds = 0.2, int count = 3) =>
        new("cam", tracks, new HlsServerOptions
        {
            Variant = variant,
            SegmentDuration = TimeSpan.FromSeconds(segmentSeconds),
            PartDuration = TimeSpan.FromSeconds(partSeconds),
            SegmentCount = count,
        }, new HlsSnapshotSource(), NullLogger.Instance);

    /// <summary>Feeds <paramref name="frames"/> video frames (key frame every <paramref name="gop"/>) interleaved with audio.</summary>
    public static void Feed(HlsSegmenter segmenter, Track video, Track? audio, int frames, int gop, int startFrame = 0)
    {
        long audioNext = audio is null ? long.MaxValue : (long)startFrame * FrameTicks * 44100 / 90000;
        for (var f = startFrame; f < startFrame + frames; f++)
        {
            var pts = (long)f * FrameTicks;
            while (audio is not null && audioNext * 90000 / 44100 <= pts)
            {
                segmenter.WriteUnit(TestPaths.Audio(audio, audioNext));
                audioNext += 1024;
            }

            segmenter.WriteUnit(TestPaths.Video(video, pts, f % gop == 0));
        }
    }
}
