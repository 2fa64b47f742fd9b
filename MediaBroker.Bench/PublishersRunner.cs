using System.Diagnostics;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Runs one publishers scenario: a broker (or an external server, <c>--server-pid</c>), N looped ffmpeg publishers over
/// RTMP (live/bench0..N-1) and one reader per stream; measures the server per stream against the same server with no
/// publisher.
/// </summary>
internal static class PublishersRunner
{
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<PublishersResult> RunAsync(PublishersOptions options, TextWriter log)
    {
        if (options.Server is not null && options.Proto != "rtmp")
        {
            // One WHEP URL names one stream; an external server is read over RTMP here.
            throw new ArgumentException($"publishers against an external server reads over rtmp, not {options.Proto}");
        }

        var clip = await SourceClip.EnsureAsync(options.Clip);
        var sourceKbps = new FileInfo(clip).Length * 8 / 15.0 / 1000;
        await using var broker = options.Server is null
            ? await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus)
            : null;
        var ports = broker is null ? options.Server!.Ports : await BrokerPorts.ReadAsync(broker);
        var pid = broker?.Process.Id ?? options.Server!.Pid;
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);

        // The empty server (listeners only), after start-up has settled.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var emptyCpu0 = ProcStats.CpuTime(pid);
        var emptyClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var emptyCores = (ProcStats.CpuTime(pid) - emptyCpu0) / emptyClock.Elapsed;
        var emptyRss = ProcStats.RssKib(pid);

        var publishers = new List<ChildProcess>();
        try
        {
            await BenchPublishers.StartAsync(publishers, clip, options.Count, ports.Rtmp, options.PublisherCpus);
            if (broker is not null)
            {
                await BenchPublishers.WaitReadyAsync(http, ports.Api, publishers, ReadyTimeout, log);
            }

            var run = new Run(options, ports, broker is not null, http, srt, pid, publishers);
            return await MeasureAsync(run, emptyCores, emptyRss, sourceKbps, log);
        }
        finally
        {
            foreach (var p in publishers)
            {
                await p.DisposeAsync();
            }
        }
    }

    private static async Task<PublishersResult> MeasureAsync(Run run, double emptyCores, long emptyRss, double sourceKbps, TextWriter log)
    {
        var (options, ports, hasApi, http, srt, pid, publishers) = run;
        var n = options.Count;
        using var stop = new CancellationTokenSource();
        var counters = new ReaderCounters[n];
        var tasks = new Task[n];
        var srtPort = new SrtCallerPort();
        for (var i = 0; i < n; i++)
        {
            counters[i] = new ReaderCounters();
            var c = counters[i];
            var reader = ReaderKinds.For(options.Proto, ports, $"live/bench{i}", http, srt, srtPort);
            tasks[i] = Task.Run(() => BenchPublishers.ReadOncePublishedAsync(reader, c, ReadyTimeout, stop.Token));
        }

        // Without an API, a stream is ready when its reader receives media (the broker's path list said so already).
        await BenchPublishers.WaitForMediaAsync(counters, publishers, ReadyTimeout, log);
        log.WriteLine($"{options.Proto}: {n} readers started; warm-up {options.WarmupSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        foreach (var c in counters)
        {
            c.ResetGap();
        }

        var bytes0 = counters.Select(c => c.Bytes).ToArray();
        var cpu0 = ProcStats.CpuTime(pid);
        var tool0 = ProcStats.CpuTime(Environment.ProcessId);
        var pub0 = PublisherCpu(publishers);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var elapsed = clock.Elapsed;
        var cores = (ProcStats.CpuTime(pid) - cpu0) / elapsed;
        var toolCores = (ProcStats.CpuTime(Environment.ProcessId) - tool0) / elapsed;
        var pubCores = (PublisherCpu(publishers) - pub0) / elapsed;
        var rss = ProcStats.RssKib(pid);
        var kbps = counters.Select((c, i) => (c.Bytes - bytes0[i]) * 8 / elapsed.TotalSeconds / 1000).ToArray();
        var stalled = counters.Count(c => c.MaxGap() > StallThreshold);
        var failed = counters.Count(c => c.Error is not null);
        BrokerReaderStats? api = hasApi ? await BrokerApi.ReadAsync(http, ports.Api) : null;

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        return new PublishersResult
        {
            Proto = options.Proto,
            Streams = n,
            SteadySeconds = Math.Round(elapsed.TotalSeconds, 1),
            BrokerCores = Math.Round(cores, 3),
            EmptyBrokerCores = Math.Round(emptyCores, 3),
            CpuMsPerSecPerStream = Math.Round(cores * 1000 / n, 3),
            RssMib = Math.Round(rss / 1024.0, 1),
            EmptyRssMib = Math.Round(emptyRss / 1024.0, 1),
            RssKibPerStream = Math.Round((double)(rss - emptyRss) / n, 1),
            Stalled = stalled,
            Failed = failed,
            BrokerDrops = api?.Discarded,
            SourceKbps = Math.Round(sourceKbps, 0),
            MeanReaderKbps = Math.Round(kbps.Average(), 0),
            MinReaderKbps = Math.Round(kbps.Min(), 0),
            PublisherCores = Math.Round(pubCores, 3),
            ToolCores = Math.Round(toolCores, 3),
            FirstError = counters.Select(c => c.Error).FirstOrDefault(e => e is not null),
        };
    }

    private static TimeSpan PublisherCpu(List<ChildProcess> publishers)
    {
        var total = TimeSpan.Zero;
        foreach (var p in publishers)
        {
            try
            {
                total += ProcStats.CpuTime(p.Id);
            }
            catch (IOException)
            {
                // An exited publisher has no /proc entry; it shows up as a stalled reader.
            }
        }

        return total;
    }

    /// <summary>What one run measures against: its options, the server's ports and pid, and the running publishers.</summary>
    private sealed record Run(PublishersOptions Options, BrokerPorts Ports, bool HasApi, HttpClient Http, SrtRuntime Srt, int Pid,
        List<ChildProcess> Publishers);
}
