using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MediaBroker.Cluster;

/// <summary>
/// This node's membership in the cluster: registers the paths it publishes or sources under leases it renews, its
/// heartbeat with its load, and answers the core's questions (may I take this path, who has that one). Runs as a
/// server so that a reload that changes a cluster key restarts it. Every Redis failure degrades to local-only service.
/// </summary>
public sealed class ClusterNode : IBrokerServer, IClusterDirectory
{
    /// <summary>The user name of node-to-node pulls; its password is the cluster secret kept in Redis.</summary>
    public const string PullUser = "mediabroker-cluster";

    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(4);

    // A claim made at publish time has no attached publisher for a moment: it is not released as stale before this.
    private static readonly TimeSpan s_claimGrace = TimeSpan.FromSeconds(3);

    private readonly Func<PathManager> _paths;
    private readonly Func<IEnumerable<IBrokerServer>> _servers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTime> _claims = new(StringComparer.Ordinal);
    private readonly ClusterLoad _load = new();
    private ConnectionMultiplexer? _redis;
    private CancellationTokenSource? _cts;
    private Task? _loop;
    private volatile bool _enabled;
    private volatile bool _down;
    private volatile string? _secret;
    private volatile IReadOnlyList<ClusterNodeStatus> _nodes = [];
    private string _name = "";
    private IReadOnlyList<ClusterAdvertiseAddress> _advertiseConf = [];
    private long _directoryErrors;
    private bool _warnedNoRtsp;

    // clusterPullProtocol: rtsp (RTSP over TCP) or srt (the owner's SRT listener).
    private string _pullProtocol = "rtsp";

    // clusterRedirectReaders: 0 is off.
    private int _redirectReaders;

    public ClusterNode(Func<PathManager> paths, Func<IEnumerable<IBrokerServer>> servers, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _servers = servers;
        _logger = loggerFactory.CreateLogger("MediaBroker.Cluster");
    }

    public string Name => "cluster";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "cluster", "clusterRedis", "clusterNodeName", "clusterAdvertise", "clusterPullProtocol", "clusterRedirectReaders",
    };

    public bool IsEnabled => _enabled;

    public string NodeName => _name;

    public IReadOnlyList<ClusterNodeStatus> Nodes => _nodes;

    /// <summary>False while Redis cannot be reached (the node then serves local paths only).</summary>
    public bool DirectoryReachable => _enabled && !_down;

    /// <summary>Redis commands that failed since start.</summary>
    public long DirectoryErrors => Interlocked.Read(ref _directoryErrors);

    /// <summary>The paths this node holds in the directory now.</summary>
    public int RegisteredPaths => _claims.Count;

    // The public entry points check whether the cluster is on before calling a method that names Redis types: with
    // `cluster: no` those methods are never compiled, so StackExchange.Redis is never loaded (1.1 MiB of file pages).
    // NoInlining keeps the JIT from pulling their state machines (Redis awaiters) into the callers.
    public Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.Cluster ? JoinAsync(conf) : Task.CompletedTask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task JoinAsync(BrokerConf conf)
    {
        var url = ClusterRedisUrl.TryParse(conf.ClusterRedis, out var error) ?? throw new ArgumentException("clusterRedis: " + error);
        _name = conf.ClusterNodeName.Length != 0 ? conf.ClusterNodeName : Dns.GetHostName();
        _pullProtocol = conf.ClusterPullProtocol;
        _redirectReaders = conf.ClusterRedirectReaders;
        _advertiseConf = [.. conf.ClusterAdvertise.Select(a => ClusterAdvertiseAddress.TryParse(a)!.Value)];
        var options = new ConfigurationOptions
        {
            EndPoints = { { url.Host, url.Port } },
            User = url.User,
            Password = url.Password,
            Ssl = url.Tls,
            SslHost = url.Tls ? url.Host : null,
            DefaultDatabase = url.Database,
            // Start even when Redis is down: the multiplexer keeps reconnecting and the node serves locally meanwhile.
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            AsyncTimeout = 2000,
            SyncTimeout = 2000,
            ClientName = "mediabroker-" + _name,
        };
        _redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        _down = false;
        _enabled = true;
        ClusterLog.Joining(_logger, _name, $"{(url.Tls ? "rediss" : "redis")}://{url.Host}:{url.Port}/{url.Database}", string.Join(", ", Advertise()));
        _cts = new CancellationTokenSource();
        var token = _cts.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    public Task StopAsync(CancellationToken ct) => _enabled ? LeaveAsync(ct) : Task.CompletedTask;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task LeaveAsync(CancellationToken ct)
    {
        _enabled = false;
        if (_cts is { } cts)
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        // Leaving cleanly frees the paths now instead of at lease end, so another node can take them at once.
        if (_redis is { } redis)
        {
            if (!_down)
            {
                try
                {
                    var db = redis.GetDatabase();
                    await Task.WhenAll(_claims.Keys.Select(p => db.ScriptEvaluateAsync(ClusterScripts.Release, [ClusterKeys.Path(p)], [_name])))
                        .WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                    await db.KeyDeleteAsync(ClusterKeys.Node(_name)).WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                    await db.SortedSetRemoveAsync(ClusterKeys.NodeIndex, _name).WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                    ClusterLog.Left(_logger, _name);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
                {
                    // The leases expire on their own.
                }
            }

            await redis.DisposeAsync().ConfigureAwait(false);
        }

        _claims.Clear();
        _nodes = [];
        _redis = null;
        _secret = null;
    }

    public ValueTask<bool> ClaimAsync(string path, bool overridePublisher, CancellationToken ct) =>
        _enabled && !_down ? ClaimInDirectoryAsync(path, overridePublisher, ct) : ValueTask.FromResult(true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<bool> ClaimInDirectoryAsync(string path, bool overridePublisher, CancellationToken ct)
    {
        if (_redis is not { } redis)
        {
            return true;
        }

        try
        {
            var owner = (string?)await redis.GetDatabase().ScriptEvaluateAsync(ClusterScripts.Claim, [ClusterKeys.Path(path)],
                [_name, (long)s_lease.TotalMilliseconds, overridePublisher ? 1 : 0]).WaitAsync(ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(owner))
            {
                _claims[path] = DateTime.UtcNow;
                return true;
            }

            ClusterLog.ClaimRefused(_logger, path, owner);
            return false;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            MarkDown(ex);
            return true;
        }
    }

    public ValueTask<ClusterPull?> LocateAsync(MediaPath path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _enabled && !_down ? LocateInDirectoryAsync(path, ct) : ValueTask.FromResult<ClusterPull?>(null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<ClusterPull?> LocateInDirectoryAsync(MediaPath path, CancellationToken ct)
    {
        if (_redis is not { } redis || _secret is not { } secret)
        {
            return null;
        }

        try
        {
            var db = redis.GetDatabase();
            var owner = (string?)await db.StringGetAsync(ClusterKeys.Path(path.Name)).WaitAsync(ct).ConfigureAwait(false);
            if (owner is null || owner == _name)
            {
                return null;
            }

            var json = (string?)await db.StringGetAsync(ClusterKeys.Node(owner)).WaitAsync(ct).ConfigureAwait(false);
            if (json is null || ClusterNodeJson.Parse(json) is not { Advertise.Count: > 0 } node)
            {
                return null;
            }

            return new ClusterPull(owner, ClusterPullUrl.For(_pullProtocol, node, path.Name, PullUser, secret, path.Conf.SrtReadPassphrase));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            MarkDown(ex);
            return null;
        }
    }

    public string? RedirectReader(MediaPath path, AccessRequest access)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(access);
        if (!_enabled || _redirectReaders <= 0 || access.RedirectEndpoint is not { } endpoint || path.ReaderCount < _redirectReaders
            || IsPullCredential(access.User, access.Password, access.VerifyCredentials))
        {
            return null;
        }

        // Any node that has the path (its owner, the nodes pulling it) and fewer readers than this one: the strictly
        // smaller load keeps two busy nodes from sending readers back and forth.
        var owner = OwnerOf(path);
        var load = _paths().Paths.Sum(p => p.ReaderCount);
        var target = _nodes
            .Where(n => n.Name != _name && n.Readers < load && (n.Name == owner || n.Pulls.Contains(path.Name)) && n.Endpoints.ContainsKey(endpoint))
            .OrderBy(n => n.Readers)
            .FirstOrDefault();
        if (target is null)
        {
            return null;
        }

        ClusterLog.ReaderRedirected(_logger, path.Name, endpoint, target.Name);
        return target.Endpoints[endpoint];
    }

    public string? OwnerOf(MediaPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_enabled)
        {
            return null;
        }

        return path.ClusterPullNode ?? (_claims.ContainsKey(path.Name) ? _name : null);
    }

    /// <summary>Whether these are the credentials of another node's pull (the cluster secret, plain or through RTSP Digest).</summary>
    public bool IsPullCredential(string? user, string? password, Func<string, string, bool>? verify)
    {
        if (!_enabled || _secret is not { } secret || user != PullUser)
        {
            return false;
        }

        return password is { Length: > 0 }
            ? CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(secret))
            : verify?.Invoke(PullUser, secret) == true;
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await TickAsync(ct).ConfigureAwait(false);
                if (_down)
                {
                    _down = false;
                    ClusterLog.DirectoryBack(_logger, _claims.Count);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                MarkDown(ex);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(s_tick, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void MarkDown(Exception ex)
    {
        Interlocked.Increment(ref _directoryErrors);
        if (!_down)
        {
            _down = true;
            ClusterLog.DirectoryDown(_logger, ex.Message);
        }
    }

    /// <summary>One round: the shared secret, every local path's lease, this node's heartbeat, and the node list.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        var db = _redis!.GetDatabase();
        var lease = (long)s_lease.TotalMilliseconds;
        _secret ??= (string?)await db.ScriptEvaluateAsync(ClusterScripts.Secret, [ClusterKeys.Secret],
            [Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))]).WaitAsync(ct).ConfigureAwait(false);

        var paths = _paths().Paths;
        await SyncPathsAsync(db, paths, lease, ct).ConfigureAwait(false);

        var (count, readers, rate, cpu) = _load.Sample(paths);
        var pulls = paths.Where(p => p.ClusterPullNode is not null).Select(p => p.Name).ToList();
        var status = new ClusterNodeStatus(_name, Advertise(), count, readers, rate, cpu, DateTime.UtcNow, Endpoints(), pulls);
        var names = (RedisResult[]?)await db.ScriptEvaluateAsync(ClusterScripts.Heartbeat, [ClusterKeys.Node(_name), ClusterKeys.NodeIndex],
            [ClusterNodeJson.Write(status), _name, lease]).WaitAsync(ct).ConfigureAwait(false) ?? [];
        var keys = names.Select(n => (RedisKey)ClusterKeys.Node((string)n!)).ToArray();
        var values = keys.Length == 0 ? [] : await db.StringGetAsync(keys).WaitAsync(ct).ConfigureAwait(false);
        _nodes = [.. values.Where(v => v.HasValue).Select(v => ClusterNodeJson.Parse(v!)).OfType<ClusterNodeStatus>().OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Renews (or re-takes) the lease of every path published or sourced here, releases those that are not any more,
    /// and kicks a local publisher whose path another node took over (overridePublisher there).
    /// </summary>
    private async Task SyncPathsAsync(IDatabase db, IReadOnlyList<MediaPath> paths, long lease, CancellationToken ct)
    {
        var local = paths.Where(p => p.ClusterPullNode is null && p.Source is not null).ToList();
        var renewals = local.Select(p => db.ScriptEvaluateAsync(ClusterScripts.Renew, [ClusterKeys.Path(p.Name)], [_name, lease])).ToArray();
        var results = await Task.WhenAll(renewals).WaitAsync(ct).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        for (var i = 0; i < local.Count; i++)
        {
            var path = local[i];
            var owner = (string?)results[i];
            if (string.IsNullOrEmpty(owner))
            {
                if (_claims.TryAdd(path.Name, now))
                {
                    ClusterLog.PathRegistered(_logger, path.Name);
                }

                continue;
            }

            _claims.TryRemove(path.Name, out _);
            if (path.Conf.Source == "publisher" && path.Source is { } publisher)
            {
                ClusterLog.PathLost(_logger, path.Name, owner);
                publisher.Kick("another node of the cluster took over the path");
            }
        }

        var localNames = local.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, claimed) in _claims)
        {
            if (localNames.Contains(name) || now - claimed < s_claimGrace)
            {
                continue;
            }

            await db.ScriptEvaluateAsync(ClusterScripts.Release, [ClusterKeys.Path(name)], [_name]).WaitAsync(ct).ConfigureAwait(false);
            _claims.TryRemove(name, out _);
            ClusterLog.PathReleased(_logger, name);
        }
    }

    /// <summary>host:port of this node's RTSP listener as other nodes reach it.</summary>
    private IReadOnlyList<string> Advertise()
    {
        var rtsp = _servers().SelectMany(s => s.Listeners).FirstOrDefault(l => l.Protocol == "rtsp" && l.Scheme == "rtsp");
        if (rtsp.EndPoint is null)
        {
            if (!_warnedNoRtsp)
            {
                _warnedNoRtsp = true;
                ClusterLog.NoRtspListener(_logger);
            }

            return [];
        }

        return [.. AdvertiseHosts(rtsp.EndPoint.Address).Select(a => a.Authority(rtsp.EndPoint.Port))];
    }

    /// <summary>
    /// The base URL of each listener on the first advertised host, by endpoint name (rtsp, rtsps, rtmp, rtmps, srt, hls,
    /// webrtc): where redirected readers and SRT pulls go. A port given in clusterAdvertise is the RTSP port only.
    /// </summary>
    private Dictionary<string, string> Endpoints()
    {
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        var listeners = _servers().SelectMany(s => s.Listeners).ToList();
        if (listeners.Count == 0)
        {
            return endpoints;
        }

        var host = AdvertiseHosts(listeners[0].EndPoint.Address)[0];
        foreach (var l in listeners)
        {
            // One listener per protocol, but RTSP and RTMP have a TLS one beside: a reader keeps its scheme.
            var key = l.Scheme is "rtsps" or "rtmps" ? l.Scheme : l.Protocol;
            var authority = key == "rtsp" ? host.Authority(l.EndPoint.Port) : (host with { Port = null }).Authority(l.EndPoint.Port);
            endpoints.TryAdd(key, $"{l.Scheme}://{authority}");
        }

        return endpoints;
    }

    private IReadOnlyList<ClusterAdvertiseAddress> AdvertiseHosts(IPAddress listenerAddress) =>
        _advertiseConf.Count != 0
            ? _advertiseConf
            : [new ClusterAdvertiseAddress((FirstNonLoopbackAddress() ?? listenerAddress).ToString(), null)];

    private static IPAddress? FirstNonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
