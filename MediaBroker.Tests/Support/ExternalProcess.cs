using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MediaBroker.Tests;

/// <summary>
/// A child process (ffmpeg, gst-launch, the broker itself) whose output is captured line by line.
/// Disposing kills the whole process tree, so no test leaves anything running.
/// </summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ExternalProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
            {
                return _output.ToString();
            }
        }
    }

    public static ExternalProcess Start(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var ep = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => ep.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => ep.OnLine(e.Data);
        process.Exited += (_, _) => ep.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            ep.OnExited();
        }

        return ep;
    }

    /// <summary>Waits for an output line that satisfies <paramref name="match"/>; throws with the output so far on timeout.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            foreach (var line in _lines)
            {
                if (match(line) && seen++ >= skip)
                {
                    return line;
                }
            }

            seen = 0;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no matching output line within {timeout.TotalSeconds:0.#}s; output was:\n{Output}");
            }

            await _lineArrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            return await _exited.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"process did not exit within {timeout.TotalSeconds:0.#}s; output was:\n{Output}");
        }
    }

    /// <summary>Sends SIGINT/SIGTERM (graceful stop), like Ctrl-C.</summary>
    public void Signal(System.Runtime.InteropServices.PosixSignal signal)
    {
        var number = signal switch
        {
            System.Runtime.InteropServices.PosixSignal.SIGINT => 2,
            System.Runtime.InteropServices.PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{number}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        lock (_outputGate)
        {
            _output.AppendLine(line);
        }

        try
        {
            _lineArrived.Release();
        }
        catch (ObjectDisposedException)
        {
            // Output after dispose.
        }
    }

    private void OnExited()
    {
        try
        {
            _process.WaitForExit(); // drain the asynchronous readers
            _exited.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            _exited.TrySetResult(-1);
        }
    }
}
