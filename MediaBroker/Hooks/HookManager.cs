using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hooks;

/// <summary>
/// Runs MediaMTX's hooks. Path hooks come from the core through <see cref="IPathEvents"/>: runOnInit while the path
/// exists, runOnDemand/runOnUnDemand, runOnReady=runOnAvailable and runOnOnline while the stream is readable (then
/// runOnUnavailable and runOnOffline), runOnRead while a reader reads (then runOnUnread). Connection hooks are
/// asked for by the protocol servers with <see cref="OnConnect"/>. Long-running commands are stopped (SIGINT) when
/// their event ends; the "un" hooks run once and are left to finish.
/// </summary>
public sealed partial class HookManager : IPathEvents, IConnectionHooks, IAsyncDisposable
{
    private readonly Func<BrokerConf> _conf;
    private readonly ILogger _logger;
    private readonly HookTimings _timings;
    private readonly Counter<long>? _started;
    private readonly ConcurrentDictionary<MediaPath, PathHooks> _paths = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<HookProcess, byte> _running = new();

    /// <param name="conf">The global configuration in force (for runOnConnect and RTSP_PORT).</param>
    /// <param name="started">Counts started commands (<see cref="Metrics.MediaBrokerMetrics.HooksStarted"/>).</param>
    public HookManager(Func<BrokerConf> conf, ILogger<HookManager> logger, HookTimings? timings = null, Counter<long>? started = null)
    {
        _conf = conf;
        _logger = logger;
        _timings = timings ?? HookTimings.Default;
        _started = started;
    }

    /// <summary>Commands running now (for tests and shutdown).</summary>
    public int RunningCount => _running.Count;

    private int RtspPort => HookEnv.RtspPort(_conf().RtspAddress);

    /// <summary>
    /// runOnConnect for a new connection (<paramref name="connType"/> is its API type: rtspConn, rtmpConn, srtConn,
    /// webRTCSession...). Disposing the handle when the connection closes stops it and runs runOnDisconnect.
    /// </summary>
    public IDisposable OnConnect(string connType, Guid connId)
    {
        var conf = _conf();
        var env = HookEnv.ForConnection(connType, connId, HookEnv.RtspPort(conf.RtspAddress));
        var running = conf.RunOnConnect.Length == 0 ? null : Start("Connect", conf.RunOnConnect, env, conf.RunOnConnectRestart);
        return new ConnectionHook(this, running, env);
    }

    public void PathCreated(MediaPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var hooks = _paths.GetOrAdd(path, _ => new PathHooks());
        var pc = path.Conf;
        if (pc.RunOnInit.Length != 0)
        {
            hooks.Set(ref hooks.Init, Start("Init", pc.RunOnInit, HookEnv.ForPath(path, "", RtspPort), pc.RunOnInitRestart));
        }
    }

    public void PathClosed(MediaPath path)
    {
        if (_paths.TryRemove(path, out var hooks))
        {
            foreach (var p in hooks.TakeAll())
            {
                Stop(p);
            }
        }
    }

    public void PathReady(MediaPath path, IPathPublisher source, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        var pc = path.Conf;
        var env = SourceEnv(path, source, query);
        var hooks = _paths.GetOrAdd(path, _ => new PathHooks());
        hooks.SourceEnv = env;
        if (pc.RunOnAvailable.Length != 0)
        {
            Stop(hooks.Set(ref hooks.Available, Start("Available", pc.RunOnAvailable, env, pc.RunOnAvailableRestart)));
        }

        if (pc.RunOnOnline.Length != 0)
        {
            Stop(hooks.Set(ref hooks.Online, Start("Online", pc.RunOnOnline, env, pc.RunOnOnlineRestart)));
        }
    }

    public void PathNotReady(MediaPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pc = path.Conf;
        if (!_paths.TryGetValue(path, out var hooks))
        {
            return;
        }

        Stop(hooks.Set(ref hooks.Available, null));
        Stop(hooks.Set(ref hooks.Online, null));
        var env = hooks.SourceEnv ?? HookEnv.ForPath(path, "", RtspPort);
        RunOnce("Unavailable", pc.RunOnUnavailable, env);
        RunOnce("Offline", pc.RunOnOffline, env);
    }

    public void ReaderAdded(MediaPath path, IPathReader reader, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(reader);
        var pc = path.Conf;
        var env = HookEnv.ForPath(path, query, RtspPort);
        env["MTX_READER_TYPE"] = reader.ApiType;
        env["MTX_READER_ID"] = reader.Id.ToString();
        var hooks = _paths.GetOrAdd(path, _ => new PathHooks());
        var running = pc.RunOnRead.Length == 0 ? null : Start("Read", pc.RunOnRead, env, pc.RunOnReadRestart);
        hooks.Readers[reader.Id] = (running, env);
    }

    public void ReaderRemoved(MediaPath path, IPathReader reader)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(reader);
        if (!_paths.TryGetValue(path, out var hooks) || !hooks.Readers.TryRemove(reader.Id, out var entry))
        {
            return;
        }

        Stop(entry.Running);
        RunOnce("Unread", path.Conf.RunOnUnread, entry.Env);
    }

    public void DemandStarted(MediaPath path, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pc = path.Conf;
        var hooks = _paths.GetOrAdd(path, _ => new PathHooks());
        hooks.DemandEnv = HookEnv.ForPath(path, query, RtspPort);
        Stop(hooks.Set(ref hooks.Demand, Start("Demand", pc.RunOnDemand, hooks.DemandEnv, pc.RunOnDemandRestart)));
    }

    public void DemandStopped(MediaPath path, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_paths.TryGetValue(path, out var hooks))
        {
            Stop(hooks.Set(ref hooks.Demand, null));
        }

        RunOnce("UnDemand", path.Conf.RunOnUnDemand, HookEnv.ForPath(path, query, RtspPort));
    }

    /// <summary>Stops every command (SIGINT, then SIGKILL after the grace period) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        _paths.Clear();
        await Task.WhenAll(_running.Keys.Select(p => p.StopAsync())).ConfigureAwait(false);
    }

    private Dictionary<string, string> SourceEnv(MediaPath path, IPathPublisher source, string query)
    {
        var env = HookEnv.ForPath(path, query, RtspPort);
        env["MTX_SOURCE_TYPE"] = source.ApiType;
        env["MTX_SOURCE_ID"] = source.Id.ToString();
        return env;
    }

    private HookProcess Start(string hook, string command, IReadOnlyDictionary<string, string> env, bool restart)
    {
        var p = HookProcess.Start(hook, command, env, restart, _logger, _timings, _started);
        _running[p] = 0;
        _ = ForgetWhenDoneAsync(p);
        return p;
    }

    private void RunOnce(string hook, string command, IReadOnlyDictionary<string, string> env)
    {
        if (command.Length != 0)
        {
            Start(hook, command, env, restart: false);
        }
    }

    private static void Stop(HookProcess? p)
    {
        if (p is not null)
        {
            _ = p.StopAsync();
        }
    }

    private async Task ForgetWhenDoneAsync(HookProcess p)
    {
        await p.Completion.ConfigureAwait(false);
        _running.TryRemove(p, out _);
    }

    private sealed class ConnectionHook(HookManager owner, HookProcess? running, IReadOnlyDictionary<string, string> env) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Stop(running);
            owner.RunOnce("Disconnect", owner._conf().RunOnDisconnect, env);
        }
    }

    /// <summary>The commands running for one path.</summary>
    private sealed class PathHooks
    {
        private readonly Lock _gate = new();

        public HookProcess? Init;
        public HookProcess? Demand;
        public HookProcess? Available;
        public HookProcess? Online;
        public Dictionary<string, string>? SourceEnv;
        public Dictionary<string, string>? DemandEnv;

        public ConcurrentDictionary<Guid, (HookProcess? Running, Dictionary<string, string> Env)> Readers { get; } = new();

        /// <summary>Replaces a slot; returns the previous command (to stop).</summary>
        public HookProcess? Set(ref HookProcess? slot, HookProcess? value)
        {
            lock (_gate)
            {
                var old = slot;
                slot = value;
                return old;
            }
        }

        public List<HookProcess> TakeAll()
        {
            lock (_gate)
            {
                List<HookProcess?> all = [Init, Demand, Available, Online, .. Readers.Values.Select(r => r.Running)];
                Init = Demand = Available = Online = null;
                Readers.Clear();
                return [.. all.OfType<HookProcess>()];
            }
        }
    }
}
