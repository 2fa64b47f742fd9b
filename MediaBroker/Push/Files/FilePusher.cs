using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using MediaBroker.Streams.Flv;
using MediaBroker.Streams.Segments;

namespace MediaBroker.Push.Files;

/// <summary>
/// Writes a stream to one file, playable while it is written: MPEG-TS and fragmented MP4 through the shared
/// <see cref="UnitSegmenter"/> (a part every 200 ms, flushed to disk), FLV from the stream's shared
/// <see cref="FlvStreamEncoder"/>, Matroska from its shared live Matroska encoder. A reader with its own bounded queue, like the recorder: a slow disk never stalls the
/// publisher. The file is created (with its directories) when the push starts, and replaced if it exists.
/// </summary>
internal sealed class FilePusher(FileTarget target) : IStreamPusher
{
    public async Task RunAsync(StreamPushContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Path.GetDirectoryName(target.FilePath) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        var file = new FileStream(target.FilePath, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: false);
        await using (file.ConfigureAwait(false))
        {
            if (target.Format == FileTargetFormat.Flv)
            {
                await FlvFileWriter.RunAsync(context, file, target.Window, ct).ConfigureAwait(false);
            }
            else if (target.Format == FileTargetFormat.Matroska)
            {
                await MatroskaFileWriter.RunAsync(context, file, target.Window, ct).ConfigureAwait(false);
            }
            else
            {
                await RunSegmentedAsync(context, file, target.Format == FileTargetFormat.Fmp4, target.Window, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The drain's stop reason when the push's time window ended: the file is complete, not failed.</summary>
    private const string WindowEnded = "the push's stop time was reached";

    private static async Task RunSegmentedAsync(StreamPushContext context, FileStream file, bool fmp4, PushWindow window, CancellationToken ct)
    {
        var stream = context.Stream;
        var tracks = SelectTracks(stream.Tracks, fmp4);
        if (tracks.Count == 0)
        {
            throw new InvalidOperationException(
                $"{(fmp4 ? "MP4" : "MPEG-TS")} can carry none of the stream's tracks ({string.Join(", ", stream.Tracks.Select(t => t.Codec.Name))})");
        }

        UnitSegmenter? segmenter = null;
        var sink = new FileSegmentSink(file, fmp4 ? () => segmenter!.Init : null, context);
        segmenter = new UnitSegmenter(tracks, new SegmenterOptions
        {
            Format = fmp4 ? SegmentFormat.Fmp4 : SegmentFormat.MpegTs,
            SegmentDuration = TimeSpan.FromSeconds(2),
            PartDuration = TimeSpan.FromMilliseconds(200),
            // One continuous file: a parameter change would need a new init (MP4) or new PMT data mid-file; the push ends instead.
            NewSegmentOnParameterChange = false,
            SegmentTimelineFromZero = false,
        }, sink, context.Logger);

        var queue = stream.Units.Subscribe(stream.ReaderOptions("push " + context.PathName));
        try
        {
            context.SetSending();
            var started = window == PushWindow.Always;
            var ended = false;
            var hasVideo = tracks[0].Kind == MediaKind.Video;
            void Write(Unit u)
            {
                var mediaMs = u.Dts * 1000 / u.Track.ClockRate;
                if (ended || (started && window.Ended(mediaMs, u.NtpTime)))
                {
                    ended = true;
                    return;
                }

                // The file starts at a video key frame inside the window, so that it decodes from its first byte.
                if (!started && (window.BeforeStart(mediaMs, u.NtpTime) || (hasVideo && !(u.IsVideo && u.IsRandomAccess))))
                {
                    return;
                }

                started = true;
                segmenter.WriteUnit(u);
            }

            var (end, reason) = await UnitDrain.RunAsync(queue, Write, () => ended ? WindowEnded : segmenter.StopReason, ct).ConfigureAwait(false);
            segmenter.Finish();
            file.Flush();
            switch (end)
            {
                case UnitDrainEnd.Cancelled:
                    throw new OperationCanceledException(ct);
                case UnitDrainEnd.WriterStopped when reason == WindowEnded:
                    break;
                case UnitDrainEnd.Failed or UnitDrainEnd.WriterStopped:
                    throw new InvalidOperationException(reason ?? "the file writer stopped");
            }
        }
        finally
        {
            stream.Units.Unsubscribe(queue);
        }
    }

    /// <summary>The tracks the container can carry, the first video track first (the file's parts start at its key frames).</summary>
    private static List<Track> SelectTracks(IReadOnlyList<Track> all, bool fmp4)
    {
        var tracks = all.Where(t => fmp4
            ? Fmp4TrackInfo.TryCreate(1, t.Codec, default(ReadOnlySpan<byte>), out _) != Fmp4TrackStatus.Unsupported
            : MpegTsMuxer.CanCarry(t.Codec)).ToList();
        var video = tracks.FindIndex(t => t.Kind == MediaKind.Video);
        if (video > 0)
        {
            (tracks[0], tracks[video]) = (tracks[video], tracks[0]);
        }

        return tracks;
    }

    /// <summary>Appends every part to the one file; an fMP4 file starts with the init of the first segment.</summary>
    private sealed class FileSegmentSink(FileStream file, Func<ReadOnlyMemory<byte>>? init, StreamPushContext context) : ISegmentSink
    {
        private bool _initWritten;

        public void SegmentStarted(long dts, DateTime ntp)
        {
            if (init is not null && !_initWritten)
            {
                var bytes = init();
                file.Write(bytes.Span);
                context.AddOutboundBytes(bytes.Length);
                _initWritten = true;
            }
        }

        public void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent)
        {
            file.Write(data);
            // Flushed per part (every 200 ms) so that a reader of the growing file sees whole parts.
            file.Flush();
            context.AddOutboundBytes(data.Length);
        }

        public void SegmentEnded(double duration)
        {
        }
    }
}
