using System.Collections.Concurrent;
using System.Net;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The HLS server (<c>hlsAddress</c>, default :8888): the player page at <c>/{path}/</c>, playlists, init, segments and
/// parts under <c>/{path}/</c>, one shared muxer per path, viewer sessions for the API.
/// </summary>
public sealed partial class HlsServer : IBrokerServer
{
    private readonly PathManager _paths;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<HlsMuxer>> _muxers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HlsSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lazy<byte[]> _script = new(HlsPlayerPage.LoadScript);
    private HttpServerHost? _host;
    private HlsServerOptions _options = new();
    private CancellationTokenSource? _stopping;
    private Task _sweep = Task.CompletedTask;
    private readonly IHttpRequestHandler[] _handlers;
    private readonly HttpListenerDirectory? _listeners;
    private readonly IViewerConnections? _viewers;

    public HlsServer(PathManager paths, ILoggerFactory loggerFactory)
        : this(paths, loggerFactory, [])
    {
    }

    /// <param name="handlers">Other protocols' routes on this listener (those for <see cref="HttpListenerNames.Hls"/>).</param>
    /// <param name="listeners">Where the listener is bound is recorded there while it runs, for those routes' URLs.</param>
    /// <param name="viewers">Told about each viewer session as one connection (the triggers' CONN_OPEN/CONN_CLOSE/USER_END).</param>
    public HlsServer(PathManager paths, ILoggerFactory loggerFactory, IEnumerable<IHttpRequestHandler> handlers, HttpListenerDirectory? listeners = null,
        IViewerConnections? viewers = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _viewers = viewers;
        _handlers = [.. handlers.Where(h => h.Listener == HttpListenerNames.Hls)];
        _listeners = listeners;
        _paths = paths;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Hls.HlsServer");
    }

    public string Name => "HLS";

    public IReadOnlySet<string> ConfKeys => HlsServerOptions.ConfKeys;

    /// <summary>Where the server listens, once started.</summary>
    public IPEndPoint? BoundEndPoint => _host?.BoundEndPoint;

    public IReadOnlyList<BoundListener> Listeners =>
        _host?.BoundEndPoint is { } ep ? [new("hls", _options.Certificate is null ? "http" : "https", ep)] : [];

    public HlsServerOptions Options => _options;

    /// <summary>Current viewer sessions (API <c>/v3/hlssessions/list</c>).</summary>
    public IReadOnlyList<HlsSessionInfo> Sessions => [.. _sessions.Values.OrderBy(s => s.Created).Select(s => s.Info)];

    /// <summary>Current muxers (API <c>/v3/hlsmuxers/list</c>).</summary>
    public IReadOnlyList<HlsMuxerInfo> Muxers
    {
        get
        {
            lock (_gate)
            {
                return [.. _muxers.Values
                    .Where(t => t.IsCompletedSuccessfully && t.Result.Failure is null && !t.Result.IsClosed)
                    .Select(t => t.Result)
                    .OrderBy(m => m.PathName, StringComparer.Ordinal)
                    .Select(m => m.Info)];
            }
        }
    }

    public Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.Hls ? StartAsync(HlsServerOptions.From(conf), ct) : Task.CompletedTask;
    }

    /// <summary>Starts with explicit options (tests, or a caller that mapped the configuration itself).</summary>
    public async Task StartAsync(HlsServerOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || _host is not null)
        {
            return;
        }

        _options = options;
        _stopping = new CancellationTokenSource();
        _host = await HttpServerHost.StartAsync(
            new HttpServerOptions
            {
                Name = Name,
                Endpoint = options.Endpoint,
                Certificate = options.Certificate,
                AllowOrigins = options.AllowOrigins,
                TrustedProxies = options.TrustedProxies,
                AllowMethods = "OPTIONS, GET",
                ReadTimeout = options.ReadTimeout,
                // Handlers await (blocking reloads, muxer start) but never block a thread: the thread-pool hop per request can go.
                InlineScheduling = true,
                WebSockets = _handlers.Length != 0,
                DumpPrefix = options.DumpPackets ? "hls_server_conn" : null,
            },
            _loggerFactory,
            app => app.Run(HandleAsync),
            ct).ConfigureAwait(false);
        _listeners?.Set(HttpListenerNames.Hls, _host.BoundEndPoint, options.Certificate is not null);
        _sweep = SweepAsync(_stopping.Token);
        StartAlwaysRemux();
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_host is not { } host)
        {
            return;
        }

        _listeners?.Remove(HttpListenerNames.Hls);
        StopAlwaysRemux();
        await (_stopping?.CancelAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        await host.StopAsync(ct).ConfigureAwait(false);
        await _sweep.ConfigureAwait(false);
        List<Task<HlsMuxer>> muxers;
        lock (_gate)
        {
            muxers = [.. _muxers.Values];
            _muxers.Clear();
        }

        foreach (var t in muxers)
        {
            await ((Task)t).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (t.IsCompletedSuccessfully)
            {
                await t.Result.CloseAsync("the server is stopping").ConfigureAwait(false);
            }
        }

        foreach (var s in _sessions.Values)
        {
            CloseSession(s, "the server is stopping");
        }

        _host = null;
        _stopping?.Dispose();
        _stopping = null;
    }

    /// <summary>Closes a viewer session (API kick). False when no session has that id.</summary>
    public bool Kick(Guid id)
    {
        foreach (var s in _sessions.Values)
        {
            if (s.Id == id)
            {
                CloseSession(s, "kicked");
                return true;
            }
        }

        return false;
    }

    private void CloseSession(HlsSession session, string reason)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, HlsSession>(session.Key, session)))
        {
            session.Lease?.Dispose();
            session.Connection?.Dispose();
            HlsLog.SessionClosed(_logger, session.Id, reason);
        }
    }

    private void OnMuxerClosed(HlsMuxer muxer)
    {
        lock (_gate)
        {
            if (_muxers.TryGetValue(muxer.PathName, out var t) && t.IsCompletedSuccessfully && t.Result == muxer)
            {
                _muxers.Remove(muxer.PathName);
            }
        }
    }

    /// <summary>Once a second: closes sessions and muxers nobody asked anything of for a while.</summary>
    private async Task SweepAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                foreach (var s in _sessions.Values)
                {
                    if (s.IdleFor > _options.SessionIdleTimeout)
                    {
                        CloseSession(s, "no requests");
                    }
                }

                List<HlsMuxer> idle = [];
                lock (_gate)
                {
                    foreach (var t in _muxers.Values)
                    {
                        // hlsAlwaysRemux: a muxer lives as long as its stream, viewers or not.
                        if (!_options.AlwaysRemux && t.IsCompletedSuccessfully && t.Result.IdleFor > _options.MuxerCloseAfter)
                        {
                            idle.Add(t.Result);
                        }
                    }
                }

                foreach (var m in idle)
                {
                    m.Close($"no requests for {_options.MuxerCloseAfter.TotalSeconds:0.#}s");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
