using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Logging;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

/// <summary>
/// Applies a new configuration (from the watched file or the API) as a diff: auth users and log settings in
/// place, paths through the path manager (unchanged paths keep their clients), and restarts only the
/// servers whose own keys changed. An invalid file is logged with key and line and the running configuration stays.
/// </summary>
public sealed class ConfReloader : IConfApplier, IDisposable
{
    private readonly ConfState _state;
    private readonly PathManager _paths;
    private readonly AuthService _auth;
    private readonly BrokerLoggerProvider? _logProvider;
    private readonly Lazy<ServerSupervisor> _supervisor; // lazy: the API server (a supervised server) applies configs through this reloader
    private readonly ILogger<ConfReloader> _logger;
    private readonly SemaphoreSlim _serial = new(1, 1); // reloads are rare control-plane events: one at a time
    private ConfFileWatcher? _watcher;

    public ConfReloader(ConfState state, PathManager paths, AuthService auth, Lazy<ServerSupervisor> supervisor, ILogger<ConfReloader> logger,
        BrokerLoggerProvider? logProvider = null)
    {
        _state = state;
        _paths = paths;
        _auth = auth;
        _supervisor = supervisor;
        _logger = logger;
        _logProvider = logProvider;
    }

    public BrokerConf Current => _state.Current;

    public string? FilePath => _state.FilePath;

    /// <summary>Raised after each successful reload with the summary line (for tests and the API).</summary>
    public event Action<string>? Reloaded;

    public void StartWatching(TimeSpan debounce)
    {
        if (_state.FilePath is { } file)
        {
            _watcher = new ConfFileWatcher(file, OnFileChanged, debounce);
        }
    }

    /// <summary>Validates what depends on other components, then swaps the configuration and applies the diff.</summary>
    public async Task<ConfApplyResult> ApplyAsync(BrokerConf next, string origin, CancellationToken ct)
    {
        await _serial.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var authErrors = AuthService.Validate(ConfMapping.ToAuthOptions(next));
            if (authErrors.Length > 0)
            {
                return new ConfApplyResult(false, authErrors);
            }

            var old = _state.Current;
            var changed = ConfDiff.ChangedGlobalKeys(old, next);
            _auth.Reload(ConfMapping.ToAuthOptions(next));
            _logProvider?.Reload(ConfMapping.ToLogOptions(next));
            _state.Current = next;
            _paths.ApplyConf(next);
            var restarted = await _supervisor.Value.ApplyAsync(next, changed, ct).ConfigureAwait(false);
            var summary = changed.Count == 0 && old.Paths.SequenceEqual(next.Paths)
                ? "no changes"
                : $"{changed.Count} global key(s) changed{(changed.Count > 0 ? " (" + string.Join(", ", changed.Order()) + ")" : "")}, "
                  + (restarted.Count == 0 ? "no server restarted" : "restarted: " + string.Join(", ", restarted));
            HostingLog.Reloaded(_logger, origin, summary);
            Reloaded?.Invoke(summary);
            return ConfApplyResult.Success;
        }
        finally
        {
            _serial.Release();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _serial.Dispose();
    }

    private void OnFileChanged() => _ = ReloadFileAsync();

    private async Task ReloadFileAsync()
    {
        var file = _state.FilePath!;
        try
        {
            var result = ConfLoader.LoadFile(file, EnvironmentVariables.Read());
            foreach (var w in result.Warnings)
            {
                HostingLog.ConfWarning(_logger, w);
            }

            if (!result.Ok || result.Conf is null)
            {
                HostingLog.ReloadRejected(_logger, file, string.Join("; ", result.Errors));
                return;
            }

            var applied = await ApplyAsync(result.Conf, file, CancellationToken.None).ConfigureAwait(false);
            if (!applied.Ok)
            {
                HostingLog.ReloadRejected(_logger, file, string.Join("; ", applied.Errors));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            HostingLog.ReloadRejected(_logger, file, ex.Message);
        }
    }
}
