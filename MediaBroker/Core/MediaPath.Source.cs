using MediaBroker.Media;

namespace MediaBroker.Core;

public sealed partial class MediaPath
{
    private CancellationTokenSource? _sourceCts;
    private int _sourceLoops;
    private CancellationTokenSource? _onDemandStopCts;
    private bool _demandActive;
    private string _demandQuery = "";
    private ClusterPull? _pull;

    /// <summary>The cluster node this path is pulled from (a reader here asked for a path published there), or null.</summary>
    public string? ClusterPullNode
    {
        get
        {
            lock (_gate)
            {
                return _pull?.Node;
            }
        }
    }

    private bool HasStaticSource => _conf.Source is not "publisher" and not "redirect" and not "";

    private bool HasSourceRunning => _sourceLoops > 0;

    /// <summary>A publisher path whose publisher is started by the runOnDemand hook when a reader arrives.</summary>
    private bool HasDemandHook => _conf.Source == "publisher" && _conf.RunOnDemand.Length != 0;

    /// <summary>Starts the configured source now unless it is on-demand (called when the path is created).</summary>
    internal void StartAlwaysOnSource()
    {
        StartAlwaysAvailable();
        lock (_gate)
        {
            if (!HasStaticSource || _conf.SourceOnDemand || _closed)
            {
                return;
            }

            StartSourceLocked();
        }
    }

    internal MediaStream StartSourceStream(StaticSourceContext context, IReadOnlyList<Track> tracks)
    {
        if (Volatile.Read(ref _hub) is { } hub)
        {
            return StartLiveFeed(hub, context, "", tracks, () => _source == context);
        }

        var stream = new MediaStream(tracks, Clock, _manager.WriteQueueSize, _logger);
        MediaStream? previous;
        System.Collections.Immutable.ImmutableArray<ReaderLease> dropped;
        lock (_gate)
        {
            if (_closed || _source != context)
            {
                stream.Close();
                return stream;
            }

            (previous, dropped) = DetachStreamLocked();
            SetReadyLocked(stream);
        }

        EndStream(previous, dropped, "the source restarted");
        CoreLog.StreamReady(_logger, Name, context.ApiType, tracks.Count, DescribeTracks(tracks));
        _manager.OnPathReady(this, context, "");
        return stream;
    }

    internal void StopSourceStream(StaticSourceContext context)
    {
        SourceEnd end;
        lock (_gate)
        {
            if (_source != context)
            {
                return;
            }

            end = EndSourceLocked();
        }

        FinishSourceEnd(end, "the source is not available");
    }

    /// <summary>
    /// The source cannot start and retrying will not help (a file that is not media): readers waiting for the stream are
    /// answered with <paramref name="reason"/> now instead of at <c>sourceOnDemandStartTimeout</c>.
    /// </summary>
    internal void FailSourceWaiters(StaticSourceContext context, string reason)
    {
        lock (_gate)
        {
            if (_source != context || _stream is not null || _readyWaiters.Task.IsCompleted)
            {
                return;
            }

            var waiters = _readyWaiters;
            _readyWaiters = NewWaiters();
            waiters.TrySetException(new StaticSourceFailedException(reason));
        }
    }

    private bool CanStartOnDemandLocked() => (HasStaticSource && _conf.SourceOnDemand) || HasDemandHook || _pull is not null;

    /// <summary>
    /// A publisher path with nothing here that could feed it: the cluster says which node has it, if any. Asked outside
    /// the lock (the directory is remote); the caller re-checks under the lock.
    /// </summary>
    private async ValueTask<ClusterPull?> LocateClusterPullAsync(CancellationToken ct)
    {
        if (_manager.Cluster is not { } cluster)
        {
            return null;
        }

        lock (_gate)
        {
            if (_closed || _stream is not null || _publisher is not null || _pull is not null || HasDemandHook || _conf.Source != "publisher")
            {
                return null;
            }
        }

        return await cluster.LocateAsync(this, ct).ConfigureAwait(false);
    }

    private void StartOnDemandSource(string query)
    {
        var startDemand = false;
        lock (_gate)
        {
            CancelOnDemandStopLocked();
            if (!_closed && HasDemandHook)
            {
                startDemand = !_demandActive;
                _demandActive = true;
                _demandQuery = startDemand ? query : _demandQuery;
            }
            else if (!_closed && !HasSourceRunning && CanStartOnDemandLocked())
            {
                if (_pull is not null)
                {
                    CoreLog.ClusterPullStarting(_logger, Name, _pull.Node);
                }

                CoreLog.OnDemandStarting(_logger, Name);
                StartSourceLocked();
            }
        }

        if (startDemand)
        {
            CoreLog.OnDemandStarting(_logger, Name);
            _manager.Events?.DemandStarted(this, query);
        }
    }

    /// <summary>With no readers left, an on-demand source is stopped after <c>sourceOnDemandCloseAfter</c>.</summary>
    private void ScheduleOnDemandStop()
    {
        CancellationToken token;
        TimeSpan after;
        lock (_gate)
        {
            if (!(((_conf.SourceOnDemand || _pull is not null) && HasSourceRunning) || _demandActive) || !_readers.IsEmpty || _onDemandStopCts is not null)
            {
                return;
            }

            _onDemandStopCts = new CancellationTokenSource();
            token = _onDemandStopCts.Token;
            after = _demandActive ? _conf.RunOnDemandCloseAfter : _conf.SourceOnDemandCloseAfter;
        }

        _ = StopOnDemandLaterAsync(after, token);
    }

    private async Task StopOnDemandLaterAsync(TimeSpan after, CancellationToken token)
    {
        try
        {
            await Task.Delay(after, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        bool demand;
        string query;
        lock (_gate)
        {
            if (token.IsCancellationRequested || !_readers.IsEmpty)
            {
                return;
            }

            _onDemandStopCts = null;
            demand = _demandActive;
            query = _demandQuery;
            _demandActive = false;
        }

        CoreLog.OnDemandStopping(_logger, Name);
        if (demand)
        {
            _manager.Events?.DemandStopped(this, query);
        }
        else
        {
            StopSource();
        }

        _manager.RemoveIfIdle(this);
    }

    private void CancelOnDemandStopLocked()
    {
        _onDemandStopCts?.Cancel();
        _onDemandStopCts = null;
    }

    private void StartSourceLocked()
    {
        var cts = new CancellationTokenSource();
        _sourceCts = cts;
        _sourceLoops++;
        _ = Task.Run(() => RunSourceLoopAsync(cts.Token));
    }

    private void StopSource()
    {
        CancellationTokenSource? cts;
        lock (_gate)
        {
            cts = _sourceCts;
            _sourceCts = null;
        }

        cts?.Cancel();
    }

    /// <summary>Runs the source; when it ends or fails, waits with back-off (1 s doubling to 30 s) and retries.</summary>
    private async Task RunSourceLoopAsync(CancellationToken ct)
    {
        try
        {
            await RunSourceAttemptsAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _sourceLoops--;
                if (_sourceLoops == 0)
                {
                    _pull = null;
                }
            }

            _manager.RemoveIfIdle(this);
        }
    }

    private async Task RunSourceAttemptsAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        // A loop started for a cluster pull stays one: it ends when no node has the path, never falls back to the conf.
        var pullLoop = ClusterPullOrNull() is not null;
        while (!ct.IsCancellationRequested)
        {
            var pull = ClusterPullOrNull();
            if (pullLoop && (pull is null || !await RelocatePullAsync(pull, ct).ConfigureAwait(false) || (pull = ClusterPullOrNull()) is null))
            {
                return;
            }

            var url = pull?.Url ?? new Conf.PathConfMatch(Conf, MatchGroups, ConfName).Substitute(Conf.Source);
            var factory = _manager.FindSourceFactory(url);
            if (factory is null)
            {
                CoreLog.NoSourceFactory(_logger, Name, url);
                return;
            }

            var source = factory.Create(url);
            using var kick = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Node to node is RTSP over TCP whatever the path says about cameras: the link is one reliable stream.
            var context = new StaticSourceContext(this, url, source.ApiType, _logger, kick,
                pull is null ? null : Conf with { RtspTransport = "tcp", SourceFingerprint = "", RtspRangeType = "", RtspScale = "" });
            lock (_gate)
            {
                _source = context;
            }

            var wasReady = false;
            try
            {
                await source.RunAsync(context, kick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                CoreLog.SourceFailed(_logger, Name, ex.Message);
            }
            finally
            {
                lock (_gate)
                {
                    wasReady = _hub is null ? _readyTime is not null && _stream is not null : _liveFeed is not null;
                }

                StopSourceStream(context);
                lock (_gate)
                {
                    if (_source == context)
                    {
                        _source = null;
                    }
                }
            }

            if (ct.IsCancellationRequested)
            {
                break;
            }

            delay = wasReady ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            try
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private ClusterPull? ClusterPullOrNull()
    {
        lock (_gate)
        {
            return _pull;
        }
    }

    /// <summary>
    /// Before each attempt of a cluster pull: asks again which node has the path (it may have moved, or be gone when
    /// its node died). False when no node has it: the pull ends and waiting readers are told so.
    /// </summary>
    private async Task<bool> RelocatePullAsync(ClusterPull pull, CancellationToken ct)
    {
        var now = _manager.Cluster is { } cluster ? await cluster.LocateAsync(this, ct).ConfigureAwait(false) : null;
        TaskCompletionSource<MediaStream>? waiters = null;
        lock (_gate)
        {
            if (_pull != pull)
            {
                return _pull is not null;
            }

            _pull = now;
            if (now is null && _stream is null && !_readyWaiters.Task.IsCompleted)
            {
                waiters = _readyWaiters;
                _readyWaiters = NewWaiters();
            }
        }

        if (now is null)
        {
            CoreLog.ClusterPullEnded(_logger, Name, pull.Node);
            waiters?.TrySetException(new StaticSourceFailedException("no node of the cluster has the path any more"));
            return false;
        }

        return true;
    }
}
