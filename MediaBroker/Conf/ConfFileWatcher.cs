using System.Security.Cryptography;

namespace MediaBroker.Conf;

/// <summary>
/// Watches one configuration file and calls <c>onChanged</c> once per burst of edits. It watches the parent
/// directory, not the file, so editors that save by writing a temporary file and renaming it over the original
/// (vim, most IDEs), atomic replaces and delete-then-create are all seen. Events restart a debounce timer; when it
/// fires, the callback runs only if the file exists and its content differs from the last reported content.
/// The callback runs on a thread-pool thread and must not throw.
/// </summary>
public sealed class ConfFileWatcher : IDisposable
{
    private readonly string _fullPath;
    private readonly string _fileName;
    private readonly Action _onChanged;
    private readonly TimeSpan _debounce;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private byte[]? _lastHash;
    private bool _disposed;

    public ConfFileWatcher(string filePath, Action onChanged, TimeSpan debounce)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        _fullPath = Path.GetFullPath(filePath);
        _fileName = Path.GetFileName(_fullPath);
        _onChanged = onChanged;
        _debounce = debounce;
        _lastHash = TryHash();
        _timer = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_fullPath)!)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnRenamed;
        _watcher.Error += (_, _) => Schedule(); // buffer overflow: we may have missed our file, so check it
        _watcher.EnableRaisingEvents = true;
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        if (IsOurs(e.Name)) Schedule();
    }

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        if (IsOurs(e.Name) || IsOurs(e.OldName)) Schedule();
    }

    private bool IsOurs(string? name) =>
        name is not null && string.Equals(Path.GetFileName(name), _fileName, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private void Schedule()
    {
        lock (_lock)
        {
            if (!_disposed) _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        byte[]? hash = TryHash();
        if (hash is null) return; // deleted (a create will follow) or unreadable mid-write (a write event will follow)
        lock (_lock)
        {
            if (_disposed || (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))) return;
            _lastHash = hash;
        }

        _onChanged();
    }

    private byte[]? TryHash()
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(_fullPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _watcher.Dispose();
        _timer.Dispose();
    }
}
