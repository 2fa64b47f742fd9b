using MediaBroker.Core;
using MediaBroker.Hooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

/// <summary>
/// Keeps one <see cref="Recorder"/> per ready path whose conf says <c>record: yes</c>: starts it when the stream
/// becomes ready (<see cref="PathManager.StreamReady"/>), lets it end with the stream, and on a hot conf change
/// (<see cref="PathManager.ConfUpdated"/>) starts, stops or restarts it when the record keys changed, without
/// touching the path's publisher or readers.
/// </summary>
public sealed class RecordManager : IHostedService
{
    private readonly PathManager _paths;
    private readonly HookManager? _hooks;
    private readonly IRecordEvents? _events;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<MediaPath, Recorder> _recorders = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _stopping = [];
    private bool _running;

    public RecordManager(PathManager paths, ILoggerFactory loggerFactory, HookManager? hooks = null, IRecordEvents? events = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _hooks = hooks;
        _events = events;
        _logger = loggerFactory.CreateLogger("MediaBroker.Record");
    }

    /// <summary>Paths being recorded now (API, tests).</summary>
    public IReadOnlyList<string> RecordingPaths
    {
        get
        {
            lock (_gate)
            {
                return [.. _recorders.Keys.Select(p => p.Name).Order(StringComparer.Ordinal)];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = true;
        }

        _paths.StreamReady += Update;
        _paths.ConfUpdated += Update;
        foreach (var path in _paths.Paths)
        {
            Update(path);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops every recorder, each finishing its open segment.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _paths.StreamReady -= Update;
        _paths.ConfUpdated -= Update;
        Recorder[] all;
        lock (_gate)
        {
            _running = false;
            all = [.. _recorders.Values];
            _recorders.Clear();
        }

        Task[] stopping;
        lock (_gate)
        {
            stopping = [.. _stopping];
        }

        await Task.WhenAll([.. all.Select(r => r.StopAsync("the server is shutting down")), .. stopping]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the path's recorder in line with its stream and conf. Called outside any path lock.</summary>
    private void Update(MediaPath path)
    {
        var conf = path.Conf;
        var stream = path.Stream;
        Recorder? stale = null;
        Recorder? started = null;
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            _recorders.TryGetValue(path, out var current);
            var wanted = conf.Record && stream is { IsClosed: false };
            if (current is not null && wanted && current.Stream == stream && Recorder.SameRecording(current.Conf, conf))
            {
                return;
            }

            if (current is not null)
            {
                _recorders.Remove(path);
                stale = current;
            }

            if (wanted)
            {
                var recorder = new Recorder(path, stream!, conf, _hooks, _logger, _events);
                if (recorder.Start(r => Forget(path, r)))
                {
                    _recorders[path] = recorder;
                    started = recorder;
                }
            }
        }

        if (stale is not null)
        {
            // Finishing the old segment may take a disk write: tracked, awaited at shutdown, never waited for here.
            var task = stale.StopAsync(started is null ? "record is off" : "the record settings or the stream changed");
            lock (_gate)
            {
                _stopping.RemoveAll(t => t.IsCompleted);
                _stopping.Add(task);
            }
        }
    }

    private void Forget(MediaPath path, Recorder recorder)
    {
        lock (_gate)
        {
            if (_recorders.TryGetValue(path, out var current) && current == recorder)
            {
                _recorders.Remove(path);
            }
        }
    }
}
