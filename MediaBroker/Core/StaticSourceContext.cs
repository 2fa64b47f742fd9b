using MediaBroker.Conf;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>What a static source sees of its path: the conf, the resolved URL, and ready/not-ready switches.</summary>
public sealed class StaticSourceContext : IPathPublisher
{
    private readonly MediaPath _path;
    private readonly CancellationTokenSource _kick;
    private readonly PathConf? _conf;

    internal StaticSourceContext(MediaPath path, string sourceUrl, string apiType, ILogger logger, CancellationTokenSource kick, PathConf? conf = null)
    {
        _path = path;
        _kick = kick;
        _conf = conf;
        SourceUrl = sourceUrl;
        ApiType = apiType;
        Logger = logger;
    }

    public string ApiType { get; }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The <c>source</c> value with <c>$G1</c>.. and <c>$MTX_PATH</c> substituted.</summary>
    public string SourceUrl { get; }

    /// <summary>The path's conf, or for a cluster pull the conf the pull runs with (RTSP over TCP).</summary>
    public PathConf Conf => _conf ?? _path.Conf;

    public string PathName => _path.Name;

    public ILogger Logger { get; }

    /// <summary>The upstream is connected and its tracks are known: the path becomes ready.</summary>
    public MediaStream SetReady(IReadOnlyList<Track> tracks) => _path.StartSourceStream(this, tracks);

    /// <summary>The upstream is gone: readers are disconnected and the path waits for the source to come back.</summary>
    public void SetNotReady() => _path.StopSourceStream(this);

    public void Kick(string reason) => _kick.Cancel();

    /// <summary>
    /// The source cannot start and a retry would fail the same way (a file that is not media): readers waiting for
    /// the path are refused now with <paramref name="reason"/>.
    /// </summary>
    public void FailWaitingReaders(string reason) => _path.FailSourceWaiters(this, reason);
}
