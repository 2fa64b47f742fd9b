using System.Diagnostics;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Bytes the broker allocates per published frame: the idle broker's rate first, then per protocol the tool's own
/// publisher (30 fps, exact frame count) on ingest/&lt;proto&gt; with one reader of the same protocol, read from
/// <c>mediabroker_gc_allocated_bytes_total</c> over a window after a warm-up. Allocations do not depend on the load, so
/// this is a figure a busy machine can still measure.
/// </summary>
internal static class IngestAllocRunner
{
    private const string App = "ingest";
    private const string AllocatedMetric = "mediabroker_gc_allocated_bytes_total";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<IngestAllocResult>> RunAsync(IngestAllocOptions options, TextWriter log)
    {
        var clip = await AnnexBClip.LoadAsync(await SourceClip.EnsureAsync(options.Clip));
        var config = BrokerHost.Config.Replace("api: yes\n", options.AllocsTrace is null ? "api: yes\nmetrics: yes\n" : "api: yes\nmetrics: yes\npprof: yes\n",
            StringComparison.Ordinal);
        await using var broker = await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, config);
        var ports = await BrokerPorts.ReadAsync(broker);
        var metricsPort = await broker.PortAsync("metrics");
        int? pprofPort = options.AllocsTrace is null ? null : await broker.PortAsync("pprof");
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);

        // The idle broker over a window as long as the measured one: the same number of scrapes in each.
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var (idleBytes, idleTime) = await AllocatedOverAsync(http, metricsPort, TimeSpan.FromSeconds(options.Seconds), () => { });
        var idleRate = idleBytes / idleTime.TotalSeconds;
        log.WriteLine($"idle broker: {idleRate:F0} B/s allocated");

        var results = new List<IngestAllocResult>();
        foreach (var proto in options.Protos)
        {
            results.Add(await MeasureAsync(options, proto, clip, ports, http, srt, metricsPort, pprofPort, idleRate, log));
        }

        return results;
    }

    private static async Task<IngestAllocResult> MeasureAsync(IngestAllocOptions options, string proto, AnnexBClip clip, BrokerPorts ports,
        HttpClient http, SrtRuntime srt, int metricsPort, int? pprofPort, double idleRate, TextWriter log)
    {
        using var stop = new CancellationTokenSource();
        await using IFramePublisher publisher = proto switch
        {
            "rtmp" => await RtmpFramePublisher.ConnectAsync(ports.Rtmp, App, proto, clip, stop.Token),
            "rtsp" => await RtspFramePublisher.ConnectAsync(ports.Rtsp, $"{App}/{proto}", clip, stop.Token),
            _ => throw new ArgumentException($"unknown publisher protocol {proto}: use rtmp or rtsp"),
        };
        var stats = new PublisherStats();
        var publishing = Task.Run(() => LatencyPublisher.RunAsync(clip, publisher, stats, stop.Token));
        var read = ReaderKinds.For(proto, ports, $"{App}/{proto}", http, srt);
        ReaderCounters counters;
        Task reading;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // The path is ready only once the broker has seen the publisher's first frames; a reader that came too
            // early is refused and tries again.
            counters = new ReaderCounters();
            var c = counters;
            reading = Task.Run(() => read(c, stop.Token));
            if (await Task.WhenAny(counters.FirstMedia, reading).WaitAsync(StartTimeout) == counters.FirstMedia)
            {
                break;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"no {proto} reader got media within {StartTimeout.TotalSeconds:0} s: {counters.Error}");
            }

            await Task.Delay(200);
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
            long frames0 = 0, messages0 = 0, bytes0 = 0;
            var (allocated, elapsed) = await AllocatedOverAsync(http, metricsPort, TimeSpan.FromSeconds(options.Seconds),
                () => (frames0, messages0, bytes0) = (stats.Frames, counters.Messages, counters.Bytes));
            var frames = stats.Frames - frames0;
            var netBytes = allocated - idleRate * elapsed.TotalSeconds;
            log.WriteLine($"{proto}: {frames} frames, {allocated} B allocated in {elapsed.TotalSeconds:F1} s");
            if (pprofPort is { } port)
            {
                var file = $"{options.AllocsTrace}-{proto}.nettrace";
                var trace = await http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{port}/debug/pprof/allocs?seconds={options.Seconds}"))
                    .WaitAsync(TimeSpan.FromSeconds(options.Seconds + 60));
                await File.WriteAllBytesAsync(file, trace);
                log.WriteLine($"{proto}: allocation samples in {file}");
            }

            return new IngestAllocResult
            {
                Proto = proto,
                SteadySeconds = Math.Round(elapsed.TotalSeconds, 1),
                Frames = frames,
                AllocatedBytes = allocated,
                IdleBytesPerSecond = Math.Round(idleRate, 0),
                BytesPerFrame = frames == 0 ? 0 : Math.Round(netBytes / frames, 0),
                BytesPerSecond = Math.Round(netBytes / elapsed.TotalSeconds, 0),
                MediaBytesPerFrame = Math.Round(clip.BytesPerSecond / 30, 0),
                ReaderMessages = counters.Messages - messages0,
                ReaderBytes = counters.Bytes - bytes0,
                FirstError = counters.Error,
            };
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(publishing, reading).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The broker's allocated bytes over <paramref name="window"/>; <paramref name="atStart"/> runs right after the first reading.</summary>
    private static async Task<(long Bytes, TimeSpan Elapsed)> AllocatedOverAsync(HttpClient http, int metricsPort, TimeSpan window, Action atStart)
    {
        var before = await AllocatedAsync(http, metricsPort);
        var clock = Stopwatch.StartNew();
        atStart();
        await Task.Delay(window);
        var after = await AllocatedAsync(http, metricsPort);
        return (after - before, clock.Elapsed);
    }

    private static async Task<long> AllocatedAsync(HttpClient http, int metricsPort)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")).WaitAsync(TimeSpan.FromSeconds(20));
        return (long)SoakSample.Metric(text, AllocatedMetric);
    }
}
