using System.Diagnostics;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>Runs one fan-out: broker, looped publisher, N in-process readers, and the /proc measurements.</summary>
internal static class FanoutRunner
{
    private const string App = "live";
    private const string Name = "bench";
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public static async Task<FanoutResult> RunAsync(FanoutOptions options, TextWriter log)
    {
        var clip = await SourceClip.EnsureAsync(options.Clip);
        var sourceKbps = new FileInfo(clip).Length * 8 / 15.0 / 1000;
        options.Server?.CheckReaders(options.Proto);
        await using var broker = options.Server is null
            ? await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, BrokerHost.ConfigWithReaderBatch(options.ReaderBatch))
            : null;
        var ports = broker is null ? options.Server!.Ports : await BrokerPorts.ReadAsync(broker);
        var publishUrl = options.Publish == "rtsp" && broker is not null
            ? $"rtsp://127.0.0.1:{ports.Rtsp}/{App}/{Name}"
            : $"rtmp://127.0.0.1:{ports.Rtmp}/{App}/{Name}";
        await using var publisher = SourceClip.Publish(clip, publishUrl.StartsWith("rtsp:", StringComparison.Ordinal) ? "rtsp" : "flv", publishUrl, options.PublisherCpus);

        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        // "rtsp,webrtc" mixes protocols on the one path: reader i is of the (i mod k)-th kind.
        var readers = options.Proto.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => ReaderKinds.For(p, ports, $"{App}/{Name}", http, srt)).ToArray();

        await WaitForMediaAsync(readers[0], publisher, log);
        var brokerPid = broker?.Process.Id ?? options.Server!.Pid;
        log.WriteLine($"{(broker is null ? "server" : "broker")} pid {brokerPid}, {ports}");

        // Publisher-only baseline, so that the readers' share can be told apart from ingest cost.
        var idleCores = (await ReaderFleet.IdleCoresAsync([brokerPid], TimeSpan.FromSeconds(3)))[0];
        var idleRss = ProcStats.RssKib(brokerPid);

        using var fleet = await ReaderFleet.StartAsync(options.Readers, options.RampPerSecond, i => readers[i % readers.Length]);
        log.WriteLine($"{options.Proto}: {options.Readers} readers started in {fleet.RampTime.TotalSeconds:F1} s; warm-up {options.WarmupSeconds} s");
        await fleet.WarmUpAsync(options.WarmupSeconds);

        var window = await fleet.MeasureAsync([brokerPid, Environment.ProcessId], options.Seconds);
        var elapsed = window.Elapsed;
        var cpu = window.Cpu[0];
        var rss = ProcStats.RssKib(brokerPid);
        var kbps = window.ReaderKbps;
        var messages = window.Messages;
        var requests = window.Requests;
        var counters = fleet.Counters;
        var stalled = counters.Count(c => c.MaxGap() > StallThreshold);
        var failed = counters.Count(c => c.Error is not null);
        // Before the readers stop: afterwards their sessions (and counters) are gone from the API.
        BrokerReaderStats? api = broker is null ? null : await BrokerApi.ReadAsync(http, ports.Api);
        await fleet.StopAsync();

        var n = options.Readers;
        var cores = cpu / elapsed;
        if (requests > 0)
        {
            log.WriteLine($"{options.Proto}: {requests / elapsed.TotalSeconds / n:F2} requests/s per reader, broker {cpu.TotalMicroseconds / requests:F1} µs CPU per request");
        }
        return new FanoutResult
        {
            Proto = options.Proto,
            Readers = n,
            SteadySeconds = Math.Round(elapsed.TotalSeconds, 1),
            BrokerCores = Math.Round(cores, 3),
            IdleBrokerCores = Math.Round(idleCores, 3),
            CpuMsPerSecPerReader = Math.Round(cores * 1000 / n, 3),
            MarginalCpuMsPerSecPerReader = Math.Round((cores - idleCores) * 1000 / n, 3),
            RssMib = Math.Round(rss / 1024.0, 1),
            IdleRssMib = Math.Round(idleRss / 1024.0, 1),
            RssKibPerReader = Math.Round((double)(rss - idleRss) / n, 1),
            Stalled = stalled,
            Failed = failed,
            SourceKbps = Math.Round(sourceKbps, 0),
            MeanReaderKbps = Math.Round(kbps.Average(), 0),
            MinReaderKbps = Math.Round(kbps.Min(), 0),
            MessagesPerSecPerReader = Math.Round(messages / elapsed.TotalSeconds / n, 1),
            RequestsPerSecPerReader = Math.Round(requests / elapsed.TotalSeconds / n, 2),
            ToolCores = Math.Round(window.Cores(1), 3),
            BrokerDrops = api?.Discarded,
            BrokerClosed = options.Proto == "hls" || api is not { } stats ? null : Math.Max(0, n - stats.Readers),
            FirstError = counters.Select(c => c.Error).FirstOrDefault(e => e is not null),
        };
    }

    /// <summary>Waits until one reader of the protocol receives media, so that the ramp does not race the publisher.</summary>
    internal static async Task WaitForMediaAsync(Func<ReaderCounters, CancellationToken, Task> reader, ChildProcess publisher, TextWriter log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            using var cts = new CancellationTokenSource();
            var probe = new ReaderCounters();
            var task = reader(probe, cts.Token);
            var attempt = Stopwatch.StartNew();
            while (probe.Messages == 0 && !task.IsCompleted && attempt.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(100);
            }

            await cts.CancelAsync();
            await task.WaitAsync(TimeSpan.FromSeconds(10));
            if (probe.Messages > 0)
            {
                return;
            }

            if (publisher.HasExited)
            {
                throw new InvalidOperationException("publisher exited: " + publisher.Output());
            }

            log.WriteLine($"waiting for media ({probe.Error ?? "no media yet"})");
            await Task.Delay(500);
        }

        throw new TimeoutException("no media from the broker within " + ReadyTimeout);
    }
}
