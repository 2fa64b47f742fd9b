using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// The readers of a fan-out run, on one broker (<see cref="FanoutRunner"/>, <see cref="LatencyRunner"/>) or spread over
/// a cluster (<see cref="ClusterRunner"/>): started at a steady ramp, warmed up, measured over one steady window together with the
/// CPU time of the processes serving them, then stopped together.
/// </summary>
internal sealed class ReaderFleet : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _tasks;

    private ReaderFleet(int count)
    {
        Counters = new ReaderCounters[count];
        _tasks = new Task[count];
    }

    /// <summary>What each reader received, in start order.</summary>
    public ReaderCounters[] Counters { get; }

    /// <summary>How long starting every reader took.</summary>
    public TimeSpan RampTime { get; private set; }

    /// <summary>
    /// The cores each process used over <paramref name="window"/>: measured before any reader starts, it is the baseline
    /// (publisher, pulls) that the readers' share is told apart from.
    /// </summary>
    public static async Task<double[]> IdleCoresAsync(IReadOnlyList<int> pids, TimeSpan window)
    {
        var cpu0 = CpuTimes(pids);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var cpu = CpuTimes(pids);
        var elapsed = clock.Elapsed;
        var cores = new double[pids.Count];
        for (var i = 0; i < cores.Length; i++)
        {
            cores[i] = (cpu[i] - cpu0[i]) / elapsed;
        }

        return cores;
    }

    /// <summary>
    /// Starts <paramref name="count"/> readers, reader i being <paramref name="readerFor"/>(i), spaced evenly at
    /// <paramref name="rampPerSecond"/> so that the broker is not hit by every connection in one burst. Each reader counts
    /// into new counters, or into those <paramref name="newCounters"/> makes (e.g. with a latency sink).
    /// </summary>
    public static async Task<ReaderFleet> StartAsync(int count, double rampPerSecond, Func<int, Func<ReaderCounters, CancellationToken, Task>> readerFor,
        Func<ReaderCounters>? newCounters = null)
    {
        var fleet = new ReaderFleet(count);
        var token = fleet._stop.Token;
        var spacing = TimeSpan.FromSeconds(1.0 / rampPerSecond);
        var ramp = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var c = fleet.Counters[i] = newCounters?.Invoke() ?? new ReaderCounters();
            var reader = readerFor(i);
            fleet._tasks[i] = Task.Run(() => reader(c, token));
            var due = spacing * (i + 1);
            if (due > ramp.Elapsed)
            {
                await Task.Delay(due - ramp.Elapsed);
            }
        }

        fleet.RampTime = ramp.Elapsed;
        return fleet;
    }

    /// <summary>Waits out the warm-up, then forgets the readers' largest gaps so that only the steady window counts.</summary>
    public async Task WarmUpAsync(int seconds)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        foreach (var c in Counters)
        {
            c.ResetGap();
        }
    }

    /// <summary>The steady window: what each reader received and the CPU time each of <paramref name="pids"/> used over it.</summary>
    public async Task<ReaderWindow> MeasureAsync(IReadOnlyList<int> pids, int seconds)
    {
        var bytes0 = Array.ConvertAll(Counters, c => c.Bytes);
        var messages0 = Counters.Sum(c => c.Messages);
        var requests0 = Counters.Sum(c => c.Requests);
        var cpu0 = CpuTimes(pids);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed;
        var cpu = CpuTimes(pids);
        for (var i = 0; i < cpu.Length; i++)
        {
            cpu[i] -= cpu0[i];
        }

        var kbps = new double[Counters.Length];
        for (var i = 0; i < kbps.Length; i++)
        {
            kbps[i] = (Counters[i].Bytes - bytes0[i]) * 8 / elapsed.TotalSeconds / 1000;
        }

        return new ReaderWindow(elapsed, cpu, kbps, Counters.Sum(c => c.Messages) - messages0, Counters.Sum(c => c.Requests) - requests0);
    }

    /// <summary>Cancels every reader and waits for them to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _stop.Dispose();

    private static TimeSpan[] CpuTimes(IReadOnlyList<int> pids)
    {
        var cpu = new TimeSpan[pids.Count];
        for (var i = 0; i < cpu.Length; i++)
        {
            cpu[i] = ProcStats.CpuTime(pids[i]);
        }

        return cpu;
    }
}
