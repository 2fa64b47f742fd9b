using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Push;

/// <summary>
/// MistServer-style pushes: started by the API (a path and a target URL) or by the <c>autoPushes</c> rules, each an
/// <see cref="ActivePush"/> (Forward's PushSession) that sends the path's current stream and ends with it (an auto-push starts again when a
/// matching path becomes ready). A push needs a ready path: unlike MistServer, nothing is started on demand.
/// </summary>
public sealed class PushManager : IHostedService
{
    private readonly PathManager _paths;
    private readonly Func<BrokerConf> _conf;
    private readonly IReadOnlyList<IStreamPusherFactory> _factories;
    private readonly IReadOnlyList<IPushEvents> _events;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, ActivePush> _pushes = [];
    private int _nextId;
    private bool _running;

    public PushManager(PathManager paths, Func<BrokerConf> conf, IEnumerable<IStreamPusherFactory> factories, IEnumerable<IPushEvents> events,
        ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _conf = conf;
        _factories = [.. factories];
        _events = [.. events];
        _logger = loggerFactory.CreateLogger("MediaBroker.Push");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The pushes running now, by id.</summary>
    public IReadOnlyList<PushInfo> List()
    {
        lock (_gate)
        {
            return [.. _pushes.Values.OrderBy(p => p.Id).Select(p => p.Info)];
        }
    }

    public PushInfo? Get(int id)
    {
        lock (_gate)
        {
            return _pushes.TryGetValue(id, out var p) ? p.Info : null;
        }
    }

    /// <summary>The protocol name of a target (rtmp, srt, file...), or null when no pusher handles it.</summary>
    public string? ProtocolOf(string target) => FactoryOf(target)?.ProtocolOf(target);

    /// <summary>Null when <paramref name="target"/> can be pushed to (after variable substitution); otherwise why not.</summary>
    public string? CheckTarget(string target, string pathName = "x")
    {
        var resolved = PushVariables.Substitute(target, pathName, _time.GetUtcNow());
        if (FactoryOf(resolved) is not { } factory)
        {
            return $"no pusher handles '{target}' (supported: {SupportedTargets()})";
        }

        try
        {
            _ = factory.Create(new StreamPushTarget(resolved));
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Starts a push of a ready path; the error says why not (no such path, no stream, bad target).</summary>
    public PushInfo? Start(string pathName, string target, out string error) => Start(pathName, target, auto: false, out error);

    /// <summary>Stops a push and waits for it to end; false when there is no such push.</summary>
    public async Task<bool> StopAsync(int id)
    {
        ActivePush? push;
        lock (_gate)
        {
            _pushes.TryGetValue(id, out push);
        }

        if (push is null)
        {
            return false;
        }

        await push.StopAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Starts the auto-pushes of every ready path that matches a rule and has no such push yet (after a rule was added or the conf reloaded).</summary>
    public void ApplyRules()
    {
        foreach (var path in _paths.Paths)
        {
            StartAutoPushes(path);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = true;
        }

        _paths.StreamReady += StartAutoPushes;
        ApplyRules();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _paths.StreamReady -= StartAutoPushes;
        ActivePush[] all;
        lock (_gate)
        {
            _running = false;
            all = [.. _pushes.Values];
        }

        await Task.WhenAll(all.Select(p => p.StopAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void StartAutoPushes(MediaPath path)
    {
        if (path.Stream is not { } stream)
        {
            return;
        }

        foreach (var rule in _conf().AutoPushes)
        {
            if (!PushPattern.Matches(rule.Path, path.Name))
            {
                continue;
            }

            bool exists;
            lock (_gate)
            {
                // MistServer: an automatic push is not started twice for the same stream and target.
                exists = _pushes.Values.Any(p => ReferenceEquals(p.Stream, stream) && p.Target == rule.Target);
            }

            if (!exists && Start(path.Name, rule.Target, auto: true, out var error) is null && error.Length > 0)
            {
                PushLog.AutoPushRefused(_logger, rule.Path, path.Name, rule.Target, error);
            }
        }
    }

    private PushInfo? Start(string pathName, string target, bool auto, out string error)
    {
        if (_paths.Find(pathName) is not { } path)
        {
            error = $"path '{pathName}' does not exist";
            return null;
        }

        if (path.Stream is not { } stream)
        {
            error = $"path '{pathName}' has no stream (a push needs a ready path)";
            return null;
        }

        var now = _time.GetUtcNow();
        var resolved = PushVariables.Substitute(target, pathName, now);
        if (FactoryOf(resolved) is not { } factory)
        {
            error = $"no pusher handles '{target}' (supported: {SupportedTargets()})";
            return null;
        }

        try
        {
            // Validates the target up front so that the caller gets the reason (an unsupported extension, parameters).
            _ = factory.Create(new StreamPushTarget(resolved));
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        ActivePush push;
        lock (_gate)
        {
            if (!_running)
            {
                error = "the server is shutting down";
                return null;
            }

            push = new ActivePush(++_nextId, pathName, stream, target, resolved, auto, _factories, _events, _logger, _time);
            _pushes.Add(push.Id, push);
        }

        push.Start(Ended);
        error = "";
        return push.Info;
    }

    private void Ended(ActivePush push)
    {
        lock (_gate)
        {
            _pushes.Remove(push.Id);
        }
    }

    private IStreamPusherFactory? FactoryOf(string url)
    {
        foreach (var f in _factories)
        {
            if (f.ProtocolOf(url) is not null)
            {
                return f;
            }
        }

        return null;
    }

    private string SupportedTargets()
    {
        var schemes = new[] { "rtmp://h/app/key", "rtmps://h/app/key", "rtsp://h/path", "rtsps://h/path", "srt://h:port", "whip://h/path/whip", "whips://h/path/whip" }
            .Where(u => FactoryOf(u) is not null)
            .Select(u => u[..(u.IndexOf(':', StringComparison.Ordinal) + 3)]);
        return string.Join(", ", schemes.Append(".ts/.flv/.mp4 files"));
    }
}
