using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Hooks;
using MediaBroker.Streams.Segments;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

/// <summary>
/// Writes what a <see cref="UnitSegmenter"/> cuts to one file per segment, named by <see cref="RecordPathTemplate"/>
/// after the segment's first sample's wall-clock time. fMP4 files start with the init plus an
/// <see cref="Fmp4StartTimeBox"/> holding that same time; every part is handed to the OS as soon as it is complete,
/// so a killed process leaves files that decode up to their last part. A file that cannot be written is logged once
/// and skipped to the end of its segment; the next segment tries again. Files are never reopened or overwritten.
/// </summary>
internal sealed class RecordSegmentFiles : ISegmentSink, IDisposable
{
    private readonly MediaPath _path;
    private readonly RecordPathTemplate _template;
    private readonly Func<ReadOnlyMemory<byte>> _init;
    private readonly HookManager? _hooks;
    private readonly ILogger _logger;
    private readonly IRecordEvents? _events;
    private readonly int _clockRate;
    private FileStream? _file;
    private string? _name;
    private DateTime _opened;
    private long _firstDts;

    /// <param name="init">The segmenter's current fMP4 init (empty for MPEG-TS).</param>
    /// <param name="clockRate">The clock of the segmenter's primary track (its segment start times).</param>
    public RecordSegmentFiles(MediaPath path, RecordPathTemplate template, Func<ReadOnlyMemory<byte>> init, HookManager? hooks, ILogger logger,
        IRecordEvents? events = null, int clockRate = 90000)
    {
        _events = events;
        _clockRate = clockRate;
        _path = path;
        _template = template;
        _init = init;
        _hooks = hooks;
        _logger = logger;
    }

    /// <summary>Segments completed (for tests and logs).</summary>
    public int Completed { get; private set; }

    public void SegmentStarted(long dts, DateTime ntp)
    {
        var start = DateTime.UnixEpoch.AddTicks(Fmp4StartTimeBox.ToMicroseconds(ntp) * 10);
        _name = _template.Format(_path.Name, start);
        for (var i = 0; i < 8 && File.Exists(_name); i++)
        {
            // A restarted recorder can begin at the key frame the previous one began with: the old file is kept as it
            // is and the new one starts a microsecond later (in its name and its start box alike).
            start = start.AddTicks(10);
            _name = _template.Format(_path.Name, start);
        }

        try
        {
            if (Path.GetDirectoryName(_name) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }

            // bufferSize 0: every write goes to the OS at once; CreateNew: an existing file is never touched.
            _file = new FileStream(_name, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _opened = DateTime.UtcNow;
            _firstDts = dts;
            var init = _init();
            if (!init.IsEmpty)
            {
                _file.Write(Fmp4StartTimeBox.Insert(init.Span, start));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Fail(ex);
            return;
        }

        RecordLog.SegmentCreated(_logger, _path.Name, _name);
        _hooks?.RecordSegment(_path, _name, null);
    }

    public void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            _file.Write(data);
            _file.Flush(flushToDisk: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    public void SegmentEnded(double duration)
    {
        if (_file is null)
        {
            return;
        }

        var name = _name!;
        long bytes;
        try
        {
            bytes = _file.Length;
            _file.Dispose();
        }
        catch (IOException ex)
        {
            Fail(ex);
            return;
        }

        _file = null;
        Completed++;
        RecordLog.SegmentCompleted(_logger, _path.Name, name, duration);
        _hooks?.RecordSegment(_path, name, TimeSpan.FromSeconds(duration));
        _events?.RecordingEnded(new RecordingEnd(_path.Name, name, _template.Extension == ".ts" ? "mpegts" : "fmp4", bytes, _opened,
            DateTime.UtcNow, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(_clockRate > 0 ? (double)_firstDts / _clockRate : 0)));
    }

    public void Dispose()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // Already logged when the write failed; nothing more to save.
        }

        _file = null;
    }

    private void Fail(Exception ex)
    {
        RecordLog.SegmentFailed(_logger, _path.Name, _name ?? "", ex.Message);
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // The segment is lost already (disk full): closing cannot make it worse.
        }

        _file = null;
    }
}
