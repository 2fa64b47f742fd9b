using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hooks;

/// <summary>
/// One hook command while its event lasts. The child runs in its own process group (through <c>setsid</c>), its
/// output goes to the log line by line, it is restarted <see cref="HookTimings.RestartDelay"/> after it exits when
/// the hook's <c>*Restart</c> key is set, and <see cref="StopAsync"/> sends SIGINT to the group, then SIGKILL
/// after <see cref="HookTimings.StopGrace"/>.
/// </summary>
public sealed class HookProcess : IAsyncDisposable
{
    private const string SetsidPath = "/usr/bin/setsid";

    private readonly string _hook;
    private readonly string _command;
    private readonly IReadOnlyDictionary<string, string> _env;
    private readonly bool _restart;
    private readonly ILogger _logger;
    private readonly HookTimings _timings;
    private readonly Counter<long>? _started;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _starts;

    private HookProcess(string hook, string command, IReadOnlyDictionary<string, string> env, bool restart, ILogger logger,
        HookTimings timings, Counter<long>? started)
    {
        _hook = hook;
        _command = command;
        _env = env;
        _restart = restart;
        _logger = logger;
        _timings = timings;
        _started = started;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the command has ended for good (stopped, or exited without restart).</summary>
    public Task Completion => _loop;

    /// <summary>How many times the command was started (restarts included).</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <param name="hook">The hook name for logs ("Ready", "Demand").</param>
    public static HookProcess Start(string hook, string command, IReadOnlyDictionary<string, string> env, bool restart,
        ILogger logger, HookTimings? timings = null, Counter<long>? started = null) =>
        new(hook, command, env, restart, logger, timings ?? HookTimings.Default, started);

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            using var process = TryStart();
            if (process is not null)
            {
                await WaitOrStopAsync(process, ct).ConfigureAwait(false);
            }

            if (!_restart || ct.IsCancellationRequested)
            {
                return;
            }

            HooksLog.Restarting(_logger, _hook, _timings.RestartDelay);
            try
            {
                await Task.Delay(_timings.RestartDelay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Process? TryStart()
    {
        IReadOnlyList<string> args;
        try
        {
            args = HookCommandLine.Parse(_command, _env);
            if (args.Count == 0)
            {
                throw new FormatException("empty command");
            }
        }
        catch (FormatException ex)
        {
            HooksLog.StartFailed(_logger, _hook, _command, ex.Message);
            return null;
        }

        var useSetsid = !OperatingSystem.IsWindows() && File.Exists(SetsidPath);
        var psi = new ProcessStartInfo(useSetsid ? SetsidPath : args[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in useSetsid ? args : args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _env)
        {
            psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => LogLine(e.Data);
        process.ErrorDataReceived += (_, e) => LogLine(e.Data);
        try
        {
            HooksLog.Starting(_logger, _hook, _command);
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            HooksLog.StartFailed(_logger, _hook, _command, ex.Message);
            process.Dispose();
            return null;
        }

        Interlocked.Increment(ref _starts);
        _started?.Add(1);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitOrStopAsync(Process process, CancellationToken ct)
    {
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            HooksLog.Exited(_logger, _hook, process.ExitCode);
            return;
        }
        catch (OperationCanceledException)
        {
            // The event is over: interrupt the whole group, as a terminal's Ctrl+C would.
        }

        if (!NativeMethods.SignalGroup(process.Id, NativeMethods.SigInt))
        {
            TryKill(process);
        }

        using var grace = new CancellationTokenSource(_timings.StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            HooksLog.Killing(_logger, _hook);
            if (!NativeMethods.SignalGroup(process.Id, NativeMethods.SigKill))
            {
                TryKill(process);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        HooksLog.Exited(_logger, _hook, process.ExitCode);
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void LogLine(string? line)
    {
        if (line is not null)
        {
            HooksLog.Output(_logger, _hook, line);
        }
    }
}
