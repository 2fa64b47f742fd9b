using MediaBroker.Protocols.Srt.Native;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// The process's libsrt: loaded on first use, started once, with one epoll thread shared by the SRT
/// server and every srt:// pull source. When libsrt is missing, <see cref="IsAvailable"/> is false, the
/// reason (with the package to install) is logged once, and nothing else in the broker is affected.
/// Register as a singleton.
/// </summary>
public sealed class SrtRuntime : IDisposable
{
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _libraryNames;
    private SrtApi? _api;
    private SrtPoller? _poller;
    private string? _error;
    private bool _tried;
    private bool _disposed;

    public SrtRuntime(ILoggerFactory loggerFactory)
        : this(loggerFactory, SrtApi.LibraryNames)
    {
    }

    /// <summary>Tries these library names instead of Debian's (tests of the "not installed" path).</summary>
    internal SrtRuntime(ILoggerFactory loggerFactory, IReadOnlyList<string> libraryNames)
    {
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Srt.SrtRuntime");
        _libraryNames = libraryNames;
    }

    /// <summary>Loads libsrt if needed; false when it is not installed.</summary>
    public bool IsAvailable => TryGet(out _, out _);

    /// <summary>Why libsrt is unavailable, or null.</summary>
    public string? Error
    {
        get
        {
            TryGet(out _, out _);
            return _error;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _poller?.Dispose();
            _api?.Cleanup();
        }
    }

    internal bool TryGet(out SrtApi api, out SrtPoller poller)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_tried)
            {
                _tried = true;
                Load();
            }

            api = _api!;
            poller = _poller!;
            return _api is not null;
        }
    }

    private void Load()
    {
        var api = SrtApi.TryLoad(_libraryNames, out var error);
        if (api is null)
        {
            _error = error + ". " + SrtApi.InstallHint;
            SrtLog.LibraryMissing(_logger, error ?? "libsrt was not found", SrtApi.InstallHint);
            return;
        }

        if (api.Startup() < 0)
        {
            _error = "srt_startup failed";
            SrtLog.LibraryMissing(_logger, _error, SrtApi.InstallHint);
            return;
        }

        // libsrt logs to stderr on its own; keep it to critical errors, we log what matters ourselves.
        api.SetLibraryLogLevel(2);
        _poller = new SrtPoller(api, _logger);
        _api = api;
        SrtLog.LibraryLoaded(_logger, api.VersionString);
    }
}
