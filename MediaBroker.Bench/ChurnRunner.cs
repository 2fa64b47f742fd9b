using System.Diagnostics;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Runs one churn: a broker with one looped publisher, then <see cref="ChurnOptions.Connections"/> short-lived readers,
/// <see cref="ChurnOptions.Concurrency"/> at a time, each disconnecting as soon as its first media arrives. Broker RSS is
/// sampled at baseline, every <see cref="ChurnOptions.SampleEvery"/> connections, after the last and after a settle time.
/// </summary>
internal static class ChurnRunner
{
    private const string Path = "live/bench";
    private static readonly TimeSpan FirstMediaTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PeakSampleInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<ChurnResult> RunAsync(ChurnOptions options, TextWriter log)
    {
        var clip = await SourceClip.EnsureAsync(options.Clip);
        await using var broker = await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus);
        var ports = await BrokerPorts.ReadAsync(broker);
        var publishUrl = options.Publish == "rtsp" ? $"rtsp://127.0.0.1:{ports.Rtsp}/{Path}" : $"rtmp://127.0.0.1:{ports.Rtmp}/{Path}";
        await using var publisher = SourceClip.Publish(clip, options.Publish == "rtsp" ? "rtsp" : "flv", publishUrl, options.PublisherCpus);
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        var reader = ReaderKinds.For(options.Proto, ports, Path, http, srt);
        await FanoutRunner.WaitForMediaAsync(reader, publisher, log);

        var pid = broker.Process.Id;
        log.WriteLine($"broker pid {pid}");
        var baseline = ProcStats.RssKib(pid);
        var state = new ChurnState(options.Connections, options.SampleEvery, pid);
        using var stopSampler = new CancellationTokenSource();
        var sampler = SamplePeakAsync(state, stopSampler.Token);

        var cpu0 = ProcStats.CpuTime(pid);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, options.Connections))
            .Select(_ => Task.Run(() => WorkAsync(reader, state, log)))
            .ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var cpu = ProcStats.CpuTime(pid) - cpu0;
        var afterLast = ProcStats.RssKib(pid);
        state.Peak(afterLast);
        log.WriteLine($"{options.Proto}: {options.Connections} connections in {elapsed.TotalSeconds:F1} s; settling {options.SettleSeconds} s");

        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
        await stopSampler.CancelAsync();
        await sampler;
        var end = ProcStats.RssKib(pid);
        var left = await BrokerApi.ReadAsync(http, ports.Api);
        if (broker.Process.FirstWarning is { } warning)
        {
            log.WriteLine($"broker logged {broker.Process.WarningCount} warnings/errors; first: {warning}");
        }
        var (_, pathReaders) = await BrokerApi.PathsAsync(http, ports.Api);
        var samples = state.Samples();
        var warm = samples.Count > 0 ? samples[0] : baseline;
        var afterWarm = options.Connections - (samples.Count > 0 ? options.SampleEvery : 0);

        return new ChurnResult
        {
            Proto = options.Proto,
            Connections = options.Connections,
            Concurrency = options.Concurrency,
            Seconds = Math.Round(elapsed.TotalSeconds, 1),
            ConnectionsPerSec = Math.Round(options.Connections / elapsed.TotalSeconds, 1),
            Failures = state.Failures,
            BrokerCpuMsPerConnection = Math.Round(cpu.TotalMilliseconds / options.Connections, 3),
            RssBaselineMib = Mib(baseline),
            RssPeakMib = Mib(Math.Max(state.PeakKib, baseline)),
            RssAfterLastMib = Mib(afterLast),
            RssEndMib = Mib(end),
            RssGrowthKibPer1000 = Math.Round((end - baseline) * 1000.0 / options.Connections, 1),
            RssGrowthKibPer1000AfterWarmup = afterWarm > 0 ? Math.Round((end - warm) * 1000.0 / afterWarm, 1) : 0,
            BrokerSessionsLeft = left.Readers,
            PathReadersLeft = pathReaders,
            RssSamplesMib = [.. samples.Select(Mib)],
            FirstError = state.FirstError,
        };
    }

    private static double Mib(long kib) => Math.Round(kib / 1024.0, 1);

    /// <summary>One of the concurrent slots: takes connection numbers until all are handed out.</summary>
    private static async Task WorkAsync(Func<ReaderCounters, CancellationToken, Task> reader, ChurnState state, TextWriter log)
    {
        while (state.TryTake())
        {
            var counters = new ReaderCounters();
            using var cts = new CancellationTokenSource();
            var task = reader(counters, cts.Token);
            try
            {
                await Task.WhenAny(counters.FirstMedia, task).WaitAsync(FirstMediaTimeout);
            }
            catch (TimeoutException)
            {
                counters.Error ??= "no media within " + FirstMediaTimeout;
            }

            await cts.CancelAsync();
            try
            {
                await task.WaitAsync(FirstMediaTimeout);
            }
            catch (TimeoutException)
            {
                counters.Error ??= "reader did not stop";
            }

            if (state.Complete(counters.Started ? null : counters.Error ?? "ended without media") is { } done && done % state.SampleEvery == 0)
            {
                log.WriteLine($"{done} connections, broker RSS {state.LastSampleKib / 1024.0:F1} MiB, failures {state.Failures}");
            }
        }
    }

    private static async Task SamplePeakAsync(ChurnState state, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PeakSampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                state.Peak(ProcStats.RssKib(state.Pid));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // End of the run.
        }
    }
}
