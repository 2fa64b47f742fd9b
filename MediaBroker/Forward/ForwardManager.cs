using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Forward;

/// <summary>
/// Runs the <c>forward</c> items of every ready path: one <see cref="PushSession"/> per item, started when the stream
/// becomes ready (<see cref="PathManager.StreamReady"/>), ending with the stream, and on a hot conf change
/// (<see cref="PathManager.ConfUpdated"/>) only the items that were added or changed start and only the removed or
/// changed ones stop; the path's publisher and readers are untouched.
/// </summary>
public sealed class ForwardManager : IHostedService
{
    private readonly PathManager _paths;
    private readonly IReadOnlyList<IStreamPusherFactory> _factories;
    private readonly IReadOnlyList<IPushEvents> _events;
    private readonly ILogger _logger;
    private readonly PushBackoff _backoff;
    private readonly Lock _gate = new();
    private readonly Dictionary<MediaPath, List<ForwardDest>> _dests = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _stopping = [];
    private bool _running;

    public ForwardManager(PathManager paths, IEnumerable<IStreamPusherFactory> factories, IEnumerable<IPushEvents> events,
        ILoggerFactory loggerFactory, PushBackoff? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _factories = [.. factories];
        _events = [.. events];
        _backoff = backoff ?? PushBackoff.Default;
        _logger = loggerFactory.CreateLogger("MediaBroker.Forward");
    }

    /// <summary>The running destinations of a path, in list order (empty when it has none or is not ready).</summary>
    public IReadOnlyList<ForwardDest> Of(string pathName)
    {
        lock (_gate)
        {
            foreach (var (path, list) in _dests)
            {
                if (path.Name == pathName)
                {
                    return [.. list.OrderBy(d => d.Pos)];
                }
            }
        }

        return [];
    }

    /// <summary>Every running destination, by path name then position (metrics).</summary>
    public IReadOnlyList<ForwardDest> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _dests.Values.SelectMany(l => l).OrderBy(d => d.PathName, StringComparer.Ordinal).ThenBy(d => d.Pos)];
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _paths.StreamReady -= Update;
        _paths.ConfUpdated -= Update;
        ForwardDest[] all;
        Task[] stopping;
        lock (_gate)
        {
            _running = false;
            all = [.. _dests.Values.SelectMany(l => l)];
            _dests.Clear();
            stopping = [.. _stopping];
        }

        await Task.WhenAll([.. all.Select(d => d.Session.StopAsync("the server is shutting down")), .. stopping])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the path's sessions in line with its stream and its <c>forward</c> list. Called outside any path lock.</summary>
    private void Update(MediaPath path)
    {
        var conf = path.Conf;
        var stream = path.Stream;
        var stale = new List<PushSession>();
        var started = new List<PushSession>();
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            var current = _dests.TryGetValue(path, out var list) ? list : [];
            var wanted = stream is { IsClosed: false } ? conf.Forward : [];
            var next = new List<ForwardDest>(wanted.Length);

            // Keep a session whose item is still listed (at any position) on the same stream; start the others.
            var keep = new List<ForwardDest>(current);
            for (int i = 0; i < wanted.Length; i++)
            {
                var item = wanted[i];
                var k = keep.FindIndex(d => d.Conf == item && d.Session.Stream == stream);
                if (k >= 0)
                {
                    next.Add(keep[k] with { Pos = i });
                    keep.RemoveAt(k);
                    continue;
                }

                var target = Target(item, path.Name, path.MatchGroups);
                var session = new PushSession(path.Name, stream!, target, _factories, _events, _logger, _backoff);
                next.Add(new ForwardDest(path.Name, item, i, session));
                started.Add(session);
            }

            stale.AddRange(keep.Select(d => d.Session));
            if (next.Count == 0)
            {
                _dests.Remove(path);
            }
            else
            {
                _dests[path] = next;
            }

            foreach (var s in started)
            {
                s.Start(ended => Forget(path, ended));
            }
        }

        foreach (var s in stale)
        {
            var task = s.StopAsync(stream is { IsClosed: false } ? "the forward item was removed or changed" : "the stream ended");
            lock (_gate)
            {
                _stopping.RemoveAll(t => t.IsCompleted);
                _stopping.Add(task);
            }
        }
    }

    /// <summary>The destination of <paramref name="item"/> for a path: <c>$MTX_PATH</c> and <c>$G1</c>.. (the groups of the path's conf regex) substituted.</summary>
    public static StreamPushTarget Target(ForwardConf item, string pathName, string[] groups)
    {
        ArgumentNullException.ThrowIfNull(item);
        var match = new PathConfMatch(new PathConf(), groups, "") { PathName = pathName };
        return new StreamPushTarget(match.Substitute(item.Dest), item.DestFingerprint, item.WhipBearerToken);
    }

    private void Forget(MediaPath path, PushSession session)
    {
        lock (_gate)
        {
            if (_dests.TryGetValue(path, out var list))
            {
                list.RemoveAll(d => d.Session == session);
                if (list.Count == 0)
                {
                    _dests.Remove(path);
                }
            }
        }
    }
}
