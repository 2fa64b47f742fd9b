using System.Diagnostics;
using System.Text;

namespace MediaBroker.Tests.Support;

/// <summary>
/// A child process (ffmpeg, ffprobe, gst-launch-1.0, srt-live-transmit...) for interop tests: output is
/// captured, every wait has a timeout, and disposing kills the whole process tree if it is still running.
/// </summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ExternalProcess(Process process)
    {
        _process = process;
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ExternalProcess Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var ep = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => Append(ep._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(ep._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ep;
    }

    /// <summary>Runs to completion; the child is killed and <see cref="TimeoutException"/> thrown if it overruns.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string exe, TimeSpan timeout, params string[] args)
    {
        await using var p = Start(exe, args);
        var code = await p.WaitForExitAsync(timeout);
        return (code, p.Stdout, p.Stderr);
    }

    /// <summary>Waits for the exit code; kills the child and throws when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout}: {Stderr}");
        }

        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }
}
