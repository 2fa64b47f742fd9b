using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Streams.MpegTs;

/// <summary>
/// Feeds an MPEG-TS byte stream (SRT messages, UDP datagrams, a unix socket) into a path: the demuxer
/// finds the tracks, the path becomes ready through <c>start</c>, units follow. Losses and malformed
/// data are counted on the stream (<see cref="MediaStream.ReportFrameInError"/>) and logged at most once
/// per second. One ingest task pushes; not thread-safe.
/// </summary>
public sealed class MpegTsIngest
{
    private readonly Func<IReadOnlyList<Track>, MediaStream> _start;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly MpegTsDemuxer _demuxer;
    private long _reportedErrors;
    private long _lastReportTicks;

    public MpegTsIngest(Func<IReadOnlyList<Track>, MediaStream> start, ILogger logger, string name)
    {
        _start = start;
        _logger = logger;
        _name = name;
        _demuxer = new MpegTsDemuxer(OnTracks, OnUnit, logger);
    }

    /// <summary>The stream once the tracks are known.</summary>
    public MediaStream? Stream { get; private set; }

    public long PacketsReceived => _demuxer.PacketsReceived;

    /// <summary>Continuity, PES, transport and sync errors so far.</summary>
    public long Errors => _demuxer.ContinuityErrors + _demuxer.PesErrors + _demuxer.TransportErrors + _demuxer.SyncLosses;

    public void Push(ReadOnlySpan<byte> data)
    {
        _demuxer.Push(data);
        var errors = Errors;
        if (errors == _reportedErrors)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (now - _lastReportTicks < 1000)
        {
            return;
        }

        var delta = errors - _reportedErrors;
        _reportedErrors = errors;
        _lastReportTicks = now;
        for (var i = 0; i < delta && Stream is not null; i++)
        {
            Stream.ReportFrameInError();
        }

        SourcesLog.MpegTsErrors(_logger, _name, delta, _demuxer.ContinuityErrors, _demuxer.PesErrors, _demuxer.TransportErrors, _demuxer.SyncLosses);
    }

    /// <summary>End of input: delivers what the demuxer still holds.</summary>
    public void Flush() => _demuxer.Flush();

    private void OnTracks(IReadOnlyList<Track> tracks) => Stream = _start(tracks);

    private void OnUnit(Unit unit) => Stream?.WriteUnit(unit);
}
