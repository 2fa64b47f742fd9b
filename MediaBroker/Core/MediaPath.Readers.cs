namespace MediaBroker.Core;

public sealed partial class MediaPath
{
    /// <summary>
    /// Waits until the path has a stream: at once when it is ready, up to the on-demand start timeout when
    /// an on-demand source can be started, else not at all.
    /// </summary>
    internal async ValueTask<PathResult<MediaStream>> WaitForStreamAsync(string query, CancellationToken ct)
    {
        Task<MediaStream> ready;
        TimeSpan timeout;
        var pull = await LocateClusterPullAsync(ct).ConfigureAwait(false);
        lock (_gate)
        {
            if (_closed)
            {
                return PathResult<MediaStream>.Fail(PathStatus.NoStream, $"path '{Name}' is closing");
            }

            if (_stream is { } live)
            {
                return PathResult<MediaStream>.Ok(live);
            }

            if (pull is not null && _publisher is null && _pull is null && !HasSourceRunning)
            {
                _pull = pull;
            }

            if (!CanStartOnDemandLocked())
            {
                return PathResult<MediaStream>.Fail(PathStatus.NoStream, $"no stream is available on path '{Name}'");
            }

            ready = _readyWaiters.Task;
            timeout = HasDemandHook ? _conf.RunOnDemandStartTimeout : _conf.SourceOnDemandStartTimeout;
        }

        StartOnDemandSource(query);
        try
        {
            return PathResult<MediaStream>.Ok(await ready.WaitAsync(timeout, ct).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            ScheduleOnDemandStop();
            return PathResult<MediaStream>.Fail(PathStatus.NoStream, $"source of path '{Name}' did not become ready in {timeout.TotalSeconds:0.###}s");
        }
        catch (StaticSourceFailedException ex)
        {
            ScheduleOnDemandStop();
            return PathResult<MediaStream>.Fail(PathStatus.NoStream, $"source of path '{Name}' failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return PathResult<MediaStream>.Fail(PathStatus.NoStream, $"path '{Name}' was closed");
        }
    }

    internal PathResult<ReaderLease> AddReader(MediaStream stream, IPathReader reader, string query = "")
    {
        ReaderLease lease;
        lock (_gate)
        {
            if (_closed || _stream != stream)
            {
                return PathResult<ReaderLease>.Fail(PathStatus.NoStream, $"no stream is available on path '{Name}'");
            }

            var max = _conf.MaxReaders;
            if (max > 0 && _readers.Length >= max)
            {
                return PathResult<ReaderLease>.Fail(PathStatus.TooManyReaders, $"maximum reader count ({max}) reached on path '{Name}'");
            }

            lease = new ReaderLease(this, stream, reader);
            _readers = _readers.Add(lease);
            CancelOnDemandStopLocked();
        }

        CoreLog.ReaderAdded(_logger, Name, reader.ApiType, reader.Id);
        _manager.Events?.ReaderAdded(this, reader, query);
        return PathResult<ReaderLease>.Ok(lease);
    }

    internal void RemoveReader(ReaderLease lease)
    {
        bool removed;
        bool none;
        lock (_gate)
        {
            var before = _readers.Length;
            _readers = _readers.Remove(lease);
            removed = _readers.Length != before;
            none = _readers.IsEmpty;
        }

        if (removed)
        {
            CoreLog.ReaderRemoved(_logger, Name, lease.Reader.ApiType, lease.Reader.Id);
            _manager.Events?.ReaderRemoved(this, lease.Reader);
        }

        if (none)
        {
            ScheduleOnDemandStop();
        }

        _manager.RemoveIfIdle(this);
    }
}
