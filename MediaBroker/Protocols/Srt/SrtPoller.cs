using System.Collections.Concurrent;
using MediaBroker.Protocols.Srt.Native;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Srt;

/// <summary>Something registered with the poller: told which events its socket is ready for.</summary>
internal interface ISrtPollTarget
{
    /// <summary>Runs on the poll thread: must only flip signals, never do I/O or block.</summary>
    void OnPollEvents(SrtEpollFlags events);
}

/// <summary>
/// The one thread that waits on libsrt's epoll (srt_epoll_uwait) for every SRT socket of the process:
/// the listener(s), accepted connections and pull sources. It only dispatches readiness; reading,
/// demuxing and sending run on the thread pool in each connection's task.
/// </summary>
internal sealed class SrtPoller : IDisposable
{
    private const int WaitMs = 200;

    private readonly SrtApi _api;
    private readonly ILogger _logger;
    private readonly int _eid;
    private readonly ConcurrentDictionary<int, ISrtPollTarget> _targets = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _backoff = new();
    private volatile bool _stopping;

    public SrtPoller(SrtApi api, ILogger logger)
    {
        _api = api;
        _logger = logger;
        _eid = api.EpollCreate();
        if (_eid < 0)
        {
            throw new SrtException(api.LastErrorCode(), "srt_epoll_create failed");
        }

        api.EpollSetFlags(_eid, 1); // SRT_EPOLL_ENABLE_EMPTY: waiting with no sockets is not an error
        _thread = new Thread(Run) { IsBackground = true, Name = "SRT epoll" };
        _thread.Start();
    }

    public int Count => _targets.Count;

    public void Add(int socket, ISrtPollTarget target, SrtEpollFlags events)
    {
        _targets[socket] = target;
        if (_api.EpollAdd(_eid, socket, events) < 0)
        {
            _targets.TryRemove(socket, out _);
            var code = _api.LastErrorCode();
            throw new SrtException(code, "srt_epoll_add_usock: " + _api.ErrorText(code));
        }
    }

    public void Update(int socket, SrtEpollFlags events) => _api.EpollUpdate(_eid, socket, events);

    public void Remove(int socket)
    {
        _api.EpollRemove(_eid, socket);
        _targets.TryRemove(socket, out _);
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        _api.EpollRelease(_eid);
        _backoff.Dispose();
    }

    private void Run()
    {
        var events = new SrtEpollEvent[128];
        while (!_stopping)
        {
            var n = _api.EpollWait(_eid, events, WaitMs);
            if (n <= 0)
            {
                if (n < 0 && _api.LastErrorCode() is var code && code != SrtErrors.Timeout && !_stopping)
                {
                    // Not expected with ENABLE_EMPTY; back off instead of spinning.
                    SrtLog.PollFailed(_logger, _api.ErrorText(code));
                    _backoff.Wait(WaitMs);
                }

                continue;
            }

            for (var i = 0; i < Math.Min(n, events.Length); i++)
            {
                if (!_targets.TryGetValue(events[i].Socket, out var target))
                {
                    continue;
                }

                try
                {
                    target.OnPollEvents(events[i].Events);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    SrtLog.PollTargetFailed(_logger, ex);
                }
            }
        }
    }
}
