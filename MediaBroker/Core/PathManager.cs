using MediaBroker.Conf;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// The registry of live paths. Name checks, conf lookup and auth happen before any lock is taken, so a slow
/// auth server delays only the request that waits for it; the registry lock guards only the dictionary.
/// </summary>
public sealed partial class PathManager : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MediaPath> _paths = new(StringComparer.Ordinal);
    private readonly IPathAuthorizer _authorizer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IStaticSourceFactory[] _sourceFactories;
    private readonly IPublishRewriter? _publishRewriter;
    private readonly IClusterDirectory? _cluster;
    private BrokerConf _conf;
    private bool _disposed;

    public PathManager(BrokerConf conf, IPathAuthorizer authorizer, ILoggerFactory loggerFactory, IEnumerable<IStaticSourceFactory> sourceFactories,
        IPathEvents? events = null, IPublishRewriter? publishRewriter = null, IOfflineMediaFactory? offlineMedia = null, IClusterDirectory? cluster = null)
    {
        _cluster = cluster;
        Events = events;
        _publishRewriter = publishRewriter;
        OfflineMedia = offlineMedia;
        _conf = conf;
        _authorizer = authorizer;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Core.PathManager");
        _sourceFactories = [.. sourceFactories];
        CreateStaticPaths(conf);
    }

    /// <summary>The time origin of every stream.</summary>
    public PathClock Clock { get; } = new();

    /// <summary>Receives path lifecycle events (hooks); null when nothing listens.</summary>
    internal IPathEvents? Events { get; }

    /// <summary>Makes the offline media of always-available paths; without it such paths work as plain ones.</summary>
    internal IOfflineMediaFactory? OfflineMedia { get; }

    /// <summary>The cluster directory when <c>cluster: yes</c>, else null.</summary>
    internal IClusterDirectory? Cluster => _cluster is { IsEnabled: true } c ? c : null;

    internal int WriteQueueSize => Volatile.Read(ref _conf).WriteQueueSize;

    public BrokerConf Conf => Volatile.Read(ref _conf);

    /// <summary>A snapshot of the paths, sorted by name.</summary>
    public IReadOnlyList<MediaPath> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _paths.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
            }
        }
    }

    public MediaPath? Find(string name)
    {
        lock (_gate)
        {
            return _paths.GetValueOrDefault(name);
        }
    }

    public async ValueTask<PathResult<PublisherLease>> AddPublisherAsync(AccessRequest access, IPathPublisher publisher, CancellationToken ct)
    {
        var grant = await AuthorizeAsync(access, PathAction.Publish, ct).ConfigureAwait(false);
        return grant.IsOk ? await AddPublisherAsync(grant.Value!, publisher, ct).ConfigureAwait(false) : PathResult<PublisherLease>.Fail(grant.Status, grant.Message!);
    }

    public async ValueTask<PathResult<ReaderLease>> AddReaderAsync(AccessRequest access, IPathReader reader, CancellationToken ct)
    {
        var grant = await AuthorizeAsync(access, PathAction.Read, ct).ConfigureAwait(false);
        return grant.IsOk ? await AddReaderAsync(grant.Value!, reader, ct).ConfigureAwait(false) : PathResult<ReaderLease>.Fail(grant.Status, grant.Message!);
    }

    /// <summary>
    /// The first half of <see cref="AddPublisherAsync(AccessRequest, IPathPublisher, CancellationToken)"/> and
    /// <see cref="AddReaderAsync(AccessRequest, IPathReader, CancellationToken)"/>: the publish rewrite, name, conf and
    /// auth, without taking the path. For protocols that must refuse a client before they parse what it sent (WHIP/WHEP
    /// authorize before reading the offer, as MediaMTX does); the grant then goes to the second half, so auth runs once.
    /// </summary>
    public async ValueTask<PathResult<PathAccessGrant>> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (action == PathAction.Publish && _publishRewriter is not null)
        {
            // Before the name check and auth, so that both see the name the publish really goes to.
            if (await _publishRewriter.RewriteAsync(access, ct).ConfigureAwait(false) is not { } rewritten)
            {
                return PathResult<PathAccessGrant>.Fail(PathStatus.Unauthorized, "the publish was refused");
            }

            access = rewritten;
        }

        var (status, message, match) = await CheckAccessAsync(access, action, ct).ConfigureAwait(false);
        return status == PathStatus.Ok ? PathResult<PathAccessGrant>.Ok(new PathAccessGrant(access, action, match!)) : PathResult<PathAccessGrant>.Fail(status, message!);
    }

    /// <summary>Takes the path for a publisher that <see cref="AuthorizeAsync"/> allowed (the grant's request, possibly rewritten).</summary>
    public async ValueTask<PathResult<PublisherLease>> AddPublisherAsync(PathAccessGrant grant, IPathPublisher publisher, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Action != PathAction.Publish)
        {
            throw new ArgumentException("a read grant cannot publish", nameof(grant));
        }

        var (access, _, match) = grant;
        // Decided in the shared directory before the path changes here, so that two nodes never both keep a publisher.
        if (Cluster is { } cluster && match.Conf.Source == "publisher"
            && !await cluster.ClaimAsync(access.Path, match.Conf.OverridePublisher, ct).ConfigureAwait(false))
        {
            return PathResult<PublisherLease>.Fail(PathStatus.PublisherBusy, $"path '{access.Path}' is published on another node of the cluster");
        }

        var path = Acquire(access.Path, match);
        try
        {
            return path.AttachPublisher(publisher, access.Query);
        }
        finally
        {
            Release(path);
        }
    }

    /// <summary>Adds a reader that <see cref="AuthorizeAsync"/> allowed: redirects, then the stream (started on demand).</summary>
    public async ValueTask<PathResult<ReaderLease>> AddReaderAsync(PathAccessGrant grant, IPathReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Action != PathAction.Read)
        {
            throw new ArgumentException("a publish grant cannot read", nameof(grant));
        }

        var (access, _, match) = grant;
        if (Redirect(match) is { } redirect)
        {
            return new PathResult<ReaderLease>(PathStatus.Redirect, null, "redirected", redirect);
        }

        if (NodeRedirect(access) is { } node)
        {
            return new PathResult<ReaderLease>(PathStatus.NodeRedirect, null, "redirected to another node of the cluster", node);
        }

        var path = Acquire(access.Path, match);
        try
        {
            var stream = await path.WaitForStreamAsync(access.Query, ct).ConfigureAwait(false);
            return stream.IsOk ? path.AddReader(stream.Value!, reader, access.Query) : PathResult<ReaderLease>.Fail(stream.Status, stream.Message!);
        }
        finally
        {
            Release(path);
        }
    }

    /// <summary>
    /// Checks name, conf and read access, and neither creates the path nor starts its source: for outputs that read a
    /// path's configured source themselves (a file served for seeking).
    /// </summary>
    public async ValueTask<PathResult<PathConfMatch>> AuthorizeReadAsync(AccessRequest access, CancellationToken ct)
    {
        var (status, message, match) = await CheckAccessAsync(access, PathAction.Read, ct).ConfigureAwait(false);
        return status == PathStatus.Ok ? PathResult<PathConfMatch>.Ok(match!) : PathResult<PathConfMatch>.Fail(status, message!);
    }

    /// <summary>Checks read access and waits for the stream without registering a reader (RTSP DESCRIBE).</summary>
    public async ValueTask<PathResult<MediaStream>> DescribeAsync(AccessRequest access, CancellationToken ct)
    {
        var (status, message, match) = await CheckAccessAsync(access, PathAction.Read, ct).ConfigureAwait(false);
        if (status != PathStatus.Ok)
        {
            return PathResult<MediaStream>.Fail(status, message!);
        }

        if (Redirect(match!) is { } redirect)
        {
            return new PathResult<MediaStream>(PathStatus.Redirect, null, "redirected", redirect);
        }

        if (NodeRedirect(access) is { } node)
        {
            return new PathResult<MediaStream>(PathStatus.NodeRedirect, null, "redirected to another node of the cluster", node);
        }

        var path = Acquire(access.Path, match!);
        try
        {
            return await path.WaitForStreamAsync(access.Query, ct).ConfigureAwait(false);
        }
        finally
        {
            Release(path);
        }
    }

    /// <summary>
    /// Applies a new configuration as a diff: paths whose conf is unchanged keep their publisher and readers,
    /// hot-updatable changes are applied in place, anything else closes the path (and recreates it if static).
    /// </summary>
    public void ApplyConf(BrokerConf next)
    {
        var toClose = new List<MediaPath>();
        var updated = new List<MediaPath>();
        lock (_gate)
        {
            Volatile.Write(ref _conf, next);
            foreach (var path in _paths.Values.ToList())
            {
                var match = PathConfMatcher.Find(next, path.Name);
                var change = match is null || match.ConfName != path.ConfName
                    ? PathConfChange.Restart
                    : ConfDiff.ComparePath(path.Conf, match.Conf);
                switch (change)
                {
                    case PathConfChange.Unchanged:
                        path.UpdateConf(match!.Conf);
                        break;
                    case PathConfChange.HotUpdate:
                        path.UpdateConf(match!.Conf);
                        CoreLog.PathConfUpdated(_logger, path.Name);
                        updated.Add(path);
                        break;
                    default:
                        _paths.Remove(path.Name);
                        toClose.Add(path);
                        break;
                }
            }
        }

        foreach (var path in toClose)
        {
            CoreLog.PathRemoved(_logger, path.Name, "its configuration changed");
            path.Close("the path configuration changed");
        }

        OnConfUpdated(updated);
        CreateStaticPaths(next);
    }

    public void Dispose()
    {
        List<MediaPath> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _paths.Values];
            _paths.Clear();
        }

        foreach (var path in all)
        {
            path.Close("the server is shutting down");
        }
    }

    internal IStaticSourceFactory? FindSourceFactory(string url) => Array.Find(_sourceFactories, f => f.CanHandle(url));

    internal void RemoveIfIdle(MediaPath path)
    {
        lock (_gate)
        {
            if (!path.IsIdle || !_paths.TryGetValue(path.Name, out var current) || current != path)
            {
                return;
            }

            _paths.Remove(path.Name);
        }

        CoreLog.PathRemoved(_logger, path.Name, "no longer used");
        path.Close("the path is no longer used");
    }

    private async ValueTask<(PathStatus, string?, PathConfMatch?)> CheckAccessAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        if (PathNames.Validate(access.Path) is { } invalid)
        {
            return (PathStatus.InvalidName, $"invalid path name '{access.Path}': {invalid}", null);
        }

        var match = PathConfMatcher.Find(Conf, access.Path);
        if (match is null)
        {
            return (PathStatus.NotConfigured, $"path '{access.Path}' is not configured", null);
        }

        var decision = await _authorizer.AuthorizeAsync(access, action, ct).ConfigureAwait(false);
        return decision switch
        {
            AuthDecision.Allowed => (PathStatus.Ok, null, match),
            AuthDecision.CredentialsRequired => (PathStatus.CredentialsRequired, "credentials are required", match),
            _ => (PathStatus.Unauthorized, "authentication failed", match),
        };
    }

    /// <summary>A new reader of a path this node already serves to many: the cluster may send it to another node.</summary>
    private string? NodeRedirect(AccessRequest access) =>
        access.RedirectEndpoint is not null && Cluster is { } cluster && Find(access.Path) is { } path ? cluster.RedirectReader(path, access) : null;

    private static string? Redirect(PathConfMatch match) =>
        match.Conf.Source == "redirect" ? match.Substitute(match.Conf.SourceRedirect) : null;

    /// <summary>Gets or creates the path and pins it so that it is not removed while the caller uses it.</summary>
    private MediaPath Acquire(string name, PathConfMatch match)
    {
        MediaPath path;
        var created = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_paths.TryGetValue(name, out path!))
            {
                path = new MediaPath(this, name, match, _loggerFactory.CreateLogger("MediaBroker.Core.Path"));
                _paths.Add(name, path);
                created = true;
            }

            path.Pin();
        }

        if (created)
        {
            CoreLog.PathCreated(_logger, name, match.ConfName);
            Events?.PathCreated(path);
            path.StartAlwaysOnSource();
        }

        return path;
    }

    private void Release(MediaPath path)
    {
        path.Unpin();
        RemoveIfIdle(path);
    }

    private void CreateStaticPaths(BrokerConf conf)
    {
        foreach (var pc in conf.Paths)
        {
            if (pc.IsRegex)
            {
                continue;
            }

            MediaPath? path = null;
            lock (_gate)
            {
                if (!_disposed && !_paths.ContainsKey(pc.Name))
                {
                    path = new MediaPath(this, pc.Name, new PathConfMatch(pc, [pc.Name], pc.Name), _loggerFactory.CreateLogger("MediaBroker.Core.Path"));
                    _paths.Add(pc.Name, path);
                }
            }

            if (path is not null)
            {
                CoreLog.PathCreated(_logger, pc.Name, pc.Name);
                Events?.PathCreated(path);
                path.StartAlwaysOnSource();
            }
        }
    }
}
