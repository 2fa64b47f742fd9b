using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Hooks;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

/// <summary>
/// Records one stream of a path: a subscriber of the stream's units (not in the path's reader list) with its own
/// bounded queue and task, so a slow disk only loses this recorder's data (the queue drops, then resumes at a key
/// frame) and never stalls the publisher or other readers. Units go through the shared <see cref="UnitSegmenter"/>
/// into <see cref="RecordSegmentFiles"/>. Ends when the stream ends or <see cref="StopAsync"/> is called, finishing
/// the open segment.
/// </summary>
internal sealed class Recorder
{
    private readonly MediaPath _path;
    private readonly MediaStream _stream;
    private readonly HookManager? _hooks;
    private readonly IRecordEvents? _events;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private Task _run = Task.CompletedTask;
    private string? _stopReason;

    public Recorder(MediaPath path, MediaStream stream, PathConf conf, HookManager? hooks, ILogger logger, IRecordEvents? events = null)
    {
        _events = events;
        _path = path;
        _stream = stream;
        Conf = conf;
        _hooks = hooks;
        _logger = logger;
    }

    /// <summary>The conf the recorder was started with; a change of its record keys restarts it.</summary>
    public PathConf Conf { get; }

    public MediaStream Stream => _stream;

    public Task Completion => _run;

    /// <summary>Whether two confs record the same way (runOnRecordSegment* are read per segment and need no restart).</summary>
    public static bool SameRecording(PathConf a, PathConf b) =>
        a.Record == b.Record && a.RecordPath == b.RecordPath && a.RecordFormat == b.RecordFormat
        && a.RecordPartDuration == b.RecordPartDuration && a.RecordMaxPartSize == b.RecordMaxPartSize
        && a.RecordSegmentDuration == b.RecordSegmentDuration;

    /// <summary>Picks the tracks the format can carry (primary first) and starts; false when none is left.</summary>
    public bool Start(Action<Recorder> onClosed)
    {
        var format = Conf.RecordFormat == "mpegts" ? SegmentFormat.MpegTs : SegmentFormat.Fmp4;
        var tracks = SelectTracks(_stream.Tracks, format, out var skipped);
        if (skipped.Count > 0)
        {
            RecordLog.TracksSkipped(_logger, _path.Name, Conf.RecordFormat, string.Join(", ", skipped.Select(t => t.Codec.Name)));
        }

        if (tracks.Count == 0)
        {
            RecordLog.NothingToRecord(_logger, _path.Name, Conf.RecordFormat, string.Join(", ", _stream.Tracks.Select(t => t.Codec.Name)));
            return false;
        }

        UnitSegmenter? segmenter = null;
        var files = new RecordSegmentFiles(_path, new RecordPathTemplate(Conf.RecordPath, Conf.RecordFormat),
            () => segmenter!.Init, _hooks, _logger, _events, tracks[0].ClockRate);
        segmenter = new UnitSegmenter(tracks, new SegmenterOptions
        {
            Format = format,
            SegmentDuration = Conf.RecordSegmentDuration,
            PartDuration = Conf.RecordPartDuration,
            MaxPartSize = Conf.RecordMaxPartSize,
            NewSegmentOnParameterChange = true,
            SegmentTimelineFromZero = true,
        }, files, _logger);
        var queue = _stream.Units.Subscribe(_stream.ReaderOptions("recorder " + _path.Name));
        RecordLog.Started(_logger, _path.Name, string.Join(", ", tracks.Select(t => t.Codec.Name)), Conf.RecordFormat);
        _run = Task.Run(() => RunAsync(segmenter, files, queue, onClosed), CancellationToken.None);
        return true;
    }

    /// <summary>Stops and waits until the open segment is finished.</summary>
    public Task StopAsync(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _cts.Cancel();
        return _run;
    }

    private static List<Track> SelectTracks(IReadOnlyList<Track> all, SegmentFormat format, out List<Track> skipped)
    {
        var tracks = new List<Track>(all.Count);
        skipped = [];
        foreach (var t in all)
        {
            var ok = format == SegmentFormat.MpegTs
                ? MpegTsMuxer.CanCarry(t.Codec)
                : Fmp4TrackInfo.TryCreate(1, t.Codec, default(ReadOnlySpan<byte>), out _) != Fmp4TrackStatus.Unsupported;
            (ok ? tracks : skipped).Add(t);
        }

        // The primary track (segments start at its key frames) is the first video track when there is one.
        var video = tracks.FindIndex(t => t.Kind == MediaKind.Video);
        if (video > 0)
        {
            (tracks[0], tracks[video]) = (tracks[video], tracks[0]);
        }

        return tracks;
    }

    private async Task RunAsync(UnitSegmenter segmenter, RecordSegmentFiles files, ReaderQueue<Unit> queue, Action<Recorder> onClosed)
    {
        var (end, reason) = (UnitDrainEnd.Failed, (string?)"the recorder failed");
        try
        {
            (end, reason) = await UnitDrain.RunAsync(queue, u => segmenter.WriteUnit(u), () => segmenter.StopReason, _cts.Token).ConfigureAwait(false);
            if (end == UnitDrainEnd.Failed)
            {
                RecordLog.Failed(_logger, _path.Name, reason!);
            }

            segmenter.Finish();
        }
        finally
        {
            _stream.Units.Unsubscribe(queue);
            files.Dispose();
            RecordLog.Stopped(_logger, _path.Name, end switch
            {
                UnitDrainEnd.StreamEnded => "the stream ended",
                UnitDrainEnd.Cancelled => _stopReason ?? "stopped",
                _ => reason!,
            });
            onClosed(this);
        }
    }
}
