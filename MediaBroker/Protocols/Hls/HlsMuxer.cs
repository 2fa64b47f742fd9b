using System.Diagnostics;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The one muxer of a path, shared by every viewer: a path reader (API type "hidden") whose own task drains the
/// stream's units into an <see cref="HlsSegmenter"/>. It closes when the stream ends, when it is kicked, or when
/// the server finds it idle for <see cref="HlsServerOptions.MuxerCloseAfter"/>.
/// </summary>
internal sealed class HlsMuxer : IPathReader
{
    private readonly HlsServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private readonly Action<HlsMuxer> _onClosed;
    private ReaderLease? _lease;
    private ReaderQueue<Unit>? _queue;
    private Task _run = Task.CompletedTask;
    private Task _disk = Task.CompletedTask;
    private long _lastRequestTicks = Stopwatch.GetTimestamp();
    private long _outboundBytes;
    private string? _closeReason;

    public HlsMuxer(string pathName, HlsServerOptions options, ILogger logger, Action<HlsMuxer> onClosed)
    {
        PathName = pathName;
        _options = options;
        _logger = logger;
        _onClosed = onClosed;
    }

    public string ApiType => "hidden";

    public Guid Id { get; } = Guid.NewGuid();

    public string PathName { get; }

    public DateTime Created { get; } = DateTime.UtcNow;

    public DateTime LastRequest { get; private set; } = DateTime.UtcNow;

    public MediaStream? Stream => _lease?.Stream;

    public HlsSnapshotSource Output { get; } = new();

    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    public long OutboundFramesDiscarded => _queue?.Dropped ?? 0;

    /// <summary>A snapshot for <c>/v3/hlsmuxers</c> and the hls_muxers metrics.</summary>
    public HlsMuxerInfo Info => new()
    {
        Path = PathName,
        Created = Created,
        LastRequest = LastRequest,
        OutboundBytes = OutboundBytes,
        OutboundFramesDiscarded = OutboundFramesDiscarded,
    };

    public bool IsClosed => _cts.IsCancellationRequested || Output.Current.Ended;

    /// <summary>When <see cref="StartAsync"/> failed: the HTTP status and the reason to show.</summary>
    public (int Status, string Message)? Failure { get; private set; }

    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastRequestTicks));

    /// <summary>Registers as a reader of the path and starts muxing. Sets <see cref="Failure"/> instead of throwing.</summary>
    public async Task<HlsMuxer> StartAsync(PathManager paths, AccessRequest access, CancellationToken ct)
    {
        Begin(await paths.AddReaderAsync(access with { ConnectionId = Id }, this, ct).ConfigureAwait(false));
        return this;
    }

    /// <summary>
    /// hlsAlwaysRemux: reads <paramref name="stream"/> as the server's own reader, without a viewer's credentials.
    /// Sets <see cref="Failure"/> instead of throwing.
    /// </summary>
    public HlsMuxer StartOn(MediaPath path, MediaStream stream)
    {
        Begin(path.AddReader(stream, this));
        return this;
    }

    private void Begin(PathResult<ReaderLease> added)
    {
        if (!added.IsOk)
        {
            Fail(HlsHttp.StatusOf(added.Status), added.Message ?? "no stream");
            return;
        }

        var lease = added.Value!;
        var (video, audio) = HlsTrackSelection.Select(lease.Stream.Tracks, _options.Variant);
        if (video is null && audio is null)
        {
            var tracks = string.Join(", ", lease.Stream.Tracks.Select(t => t.Codec.Name));
            HlsLog.NoSupportedTrack(_logger, PathName, _options.Variant.ToString(), HlsTrackSelection.SupportedCodecs(_options.Variant), tracks);
            lease.Dispose();
            Fail(400, $"the stream has no track that HLS ({_options.Variant}) can carry: it has {tracks}; supported: {HlsTrackSelection.SupportedCodecs(_options.Variant)}");
            return;
        }

        Track[] carried = video is not null && audio is not null ? [video, audio] : [(video ?? audio)!];
        var segmenter = new HlsSegmenter(PathName, carried, _options, Output, _logger);
        _lease = lease;
        _queue = lease.Stream.Units.Subscribe(lease.Stream.ReaderOptions("HLS muxer " + PathName));
        HlsLog.MuxerCreated(_logger, PathName, _options.Variant.ToString(), string.Join(", ", carried.Select(t => t.Codec.Name)));
        if (_options.Directory.Length > 0)
        {
            var writer = new HlsDirectoryWriter(PathName, _options, Output, _logger);
            _disk = Task.Run(writer.RunAsync, CancellationToken.None);
        }

        _run = Task.Run(() => RunAsync(segmenter, _queue, lease), CancellationToken.None);
    }

    /// <summary>The muxer never started: viewers get <paramref name="status"/>, and the playlist ends.</summary>
    private void Fail(int status, string message)
    {
        Failure = (status, message);
        Output.Publish(Output.Current with { Ended = true });
    }

    /// <summary>A viewer asked for something: postpones the idle close.</summary>
    public void Touch(long bytes = 0)
    {
        Volatile.Write(ref _lastRequestTicks, Stopwatch.GetTimestamp());
        LastRequest = DateTime.UtcNow;
        if (bytes > 0)
        {
            Interlocked.Add(ref _outboundBytes, bytes);
        }
    }

    public void Kick(string reason) => Close(reason);

    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _cts.Cancel();
    }

    /// <summary>Closes and waits for the muxer task to finish.</summary>
    public async Task CloseAsync(string reason)
    {
        Close(reason);
        await _run.ConfigureAwait(false);
        await _disk.ConfigureAwait(false);
    }

    private async Task RunAsync(HlsSegmenter segmenter, ReaderQueue<Unit> queue, ReaderLease lease)
    {
        var (end, reason) = (UnitDrainEnd.Failed, (string?)"the muxer failed");
        try
        {
            (end, reason) = await UnitDrain.RunAsync(queue, segmenter.WriteUnit, () => segmenter.StopReason, _cts.Token).ConfigureAwait(false);
            if (end == UnitDrainEnd.Failed)
            {
                HlsLog.MuxerFailed(_logger, PathName, reason!);
            }
        }
        finally
        {
            lease.Stream.Units.Unsubscribe(queue);
            lease.Dispose();
            segmenter.End();
            _cts.Cancel();
            HlsLog.MuxerClosed(_logger, PathName, end switch
            {
                UnitDrainEnd.StreamEnded => "the stream ended",
                UnitDrainEnd.Cancelled => _closeReason ?? "closed",
                _ => reason!,
            });
            _onClosed(this);
        }
    }
}
