using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>A child process whose output lines are kept so that log lines can be awaited; killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];
    private readonly object _gate = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Lines logged at warning or error level (the broker's " WAR " / " ERR " prefix) over the whole life, not only the kept lines.</summary>
    public int WarningCount { get; private set; }

    /// <summary>The first such line, or null.</summary>
    public string? FirstWarning { get; private set; }

    /// <summary>
    /// Lines that say an exception escaped a session or the process: error level (" ERR ", e.g. "session failed") or
    /// containing "Unhandled". Counted over the whole life.
    /// </summary>
    public int ErrorCount { get; private set; }

    /// <summary>The first 20 such lines.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the program, optionally pinned to CPU cores with taskset (which execs, so the pid is the program's).</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> args, string? cpus = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(cpus is null ? fileName : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (cpus is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpus);
            info.ArgumentList.Add(fileName);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public string Output()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.TakeLast(40));
        }
    }

    /// <summary>The kept lines (the first 2000) that match.</summary>
    public List<string> Lines(Func<string, bool> match)
    {
        lock (_gate)
        {
            return _lines.Where(match).ToList();
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                var hit = _lines.FirstOrDefault(match);
                if (hit is not null)
                {
                    return hit;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no matching line from {_process.StartInfo.FileName}; last output:\n{Output()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Nothing more can be done; the OS reaps it.
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (line.Contains(" WAR ", StringComparison.Ordinal) || line.Contains(" ERR ", StringComparison.Ordinal))
            {
                WarningCount++;
                FirstWarning ??= line;
            }

            if (line.Contains(" ERR ", StringComparison.Ordinal) || line.Contains("Unhandled", StringComparison.OrdinalIgnoreCase))
            {
                ErrorCount++;
                if (_errors.Count < 20)
                {
                    _errors.Add(line);
                }
            }

            // Only the start-up lines matter; keep memory flat over long runs.
            if (_lines.Count < 2000)
            {
                _lines.Add(line);
            }
        }
    }
}
