using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// Runs the latency scenario: broker, the tool's own publisher (SEI-stamped frames, real time), then for each reader
/// count N readers of the output protocol; latency = the reader's receive time − the publisher's stamp, over a window.
/// </summary>
internal static class LatencyRunner
{
    private const string App = "live";
    private const string Name = "bench";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public static async Task<List<LatencyResult>> RunAsync(LatencyOptions options, TextWriter log)
    {
        var clip = await AnnexBClip.LoadAsync(await SourceClip.EnsureAsync(options.Clip));
        if (options.Server is not null && options.PublishProto != "rtmp")
        {
            throw new ArgumentException("the tool publishes to an external server over RTMP only");
        }

        options.Server?.CheckReaders(options.ReadProto);
        await using var broker = options.Server is null
            ? await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, BrokerHost.ConfigWithReaderBatch(options.ReaderBatch))
            : null;
        var rtmpPort = broker is null ? options.Server!.RtmpPort : await broker.PortAsync("RTMP");
        var rtspPort = broker is null ? 0 : await broker.PortAsync("RTSP");
        var whep = options.ReadProto != "webrtc" ? null : broker is null ? options.Server!.Whep! : new BrokerPorts(0, 0, 0, 0, 0, await broker.WebRtcHttpPortAsync()).WhepUri($"{App}/{Name}");

        using var stopPublisher = new CancellationTokenSource();
        await using IFramePublisher publisher = options.PublishProto switch
        {
            "rtmp" => await RtmpFramePublisher.ConnectAsync(rtmpPort, App, Name, clip, stopPublisher.Token),
            "rtsp" => await RtspFramePublisher.ConnectAsync(rtspPort, $"{App}/{Name}", clip, stopPublisher.Token),
            _ => throw new ArgumentException($"unknown publish protocol {options.PublishProto}"),
        };
        var stats = new PublisherStats();
        var publishing = Task.Run(() => LatencyPublisher.RunAsync(clip, publisher, stats, stopPublisher.Token));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
        Func<ReaderCounters, CancellationToken, Task> reader = options.ReadProto switch
        {
            "rtmp" => (c, ct) => RtmpReader.RunAsync(rtmpPort, App, Name, c, ct),
            "rtsp" => (c, ct) => RtspReader.RunAsync(rtspPort, $"{App}/{Name}", c, ct),
            "webrtc" => (c, ct) => WhepReader.RunAsync(http, whep!, c, ct),
            _ => throw new ArgumentException($"unknown read protocol {options.ReadProto}"),
        };

        try
        {
            await WaitForMarkerAsync(reader, publishing, log);
            var results = new List<LatencyResult>();
            foreach (var n in options.Readers)
            {
                results.Add(await MeasureAsync(options, n, reader, clip, broker?.Process.Id ?? options.Server!.Pid, stats, log));
            }

            // Slow-reader drops or errors in the broker explain outliers; show them with the results.
            var warnings = broker?.Process.Lines(l => l.Contains(" WAR ", StringComparison.Ordinal) || l.Contains(" ERR ", StringComparison.Ordinal)) ?? [];
            foreach (var line in warnings.Take(20))
            {
                log.WriteLine("broker: " + line);
            }

            return results;
        }
        finally
        {
            await stopPublisher.CancelAsync();
            await publishing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<LatencyResult> MeasureAsync(
        LatencyOptions options, int n, Func<ReaderCounters, CancellationToken, Task> reader, AnnexBClip clip, int brokerPid, PublisherStats stats, TextWriter log)
    {
        var window = new LatencyWindow();
        using var fleet = await ReaderFleet.StartAsync(n, options.RampPerSecond, _ => reader, () => new ReaderCounters { Latency = new LatencySamples(window) });
        log.WriteLine($"{options.Pair}: {n} readers started in {fleet.RampTime.TotalSeconds:F1} s; warm-up {options.WarmupSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));

        stats.ResetMax();
        var frames0 = stats.Frames;
        var cpu0 = ProcStats.CpuTime(brokerPid);
        var tool0 = ProcStats.CpuTime(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        window.Open = true;
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        window.Open = false;
        var elapsed = clock.Elapsed;
        var cpu = ProcStats.CpuTime(brokerPid) - cpu0;
        var tool = ProcStats.CpuTime(Environment.ProcessId) - tool0;
        var frames = stats.Frames - frames0;

        await fleet.StopAsync();
        var counters = fleet.Counters;

        // Samples are read only after every reader loop has ended, so no reader is still writing.
        var samples = counters.SelectMany(c => c.Latency!.Samples()).ToList();
        var all = Sorted(samples.Select(x => x.Ms));
        var key = Sorted(samples.Where(x => IsKey(clip, x.Sequence)).Select(x => x.Ms));
        var other = Sorted(samples.Where(x => !IsKey(clip, x.Sequence)).Select(x => x.Ms));
        var kernel = Sorted(samples.Where(x => !double.IsNaN(x.KernelMs)).Select(x => x.KernelMs));
        // Per frame, last reader − first reader: the fan-out's own queuing. A stall of the whole broker or tool (other
        // load on the shared cores) delays every reader alike and mostly cancels out here.
        var spread = Sorted(samples.GroupBy(x => x.Sequence).Where(g => g.Count() >= Math.Max(2, n / 2)).Select(g => g.Max(x => x.Ms) - g.Min(x => x.Ms)));
        return new LatencyResult
        {
            Pair = options.Pair,
            Readers = n,
            WindowSeconds = Math.Round(elapsed.TotalSeconds, 1),
            FramesSent = frames,
            Samples = all.Length,
            P50Ms = Math.Round(LatencyReport.Percentile(all, 0.50), 2),
            P90Ms = Math.Round(LatencyReport.Percentile(all, 0.90), 2),
            P99Ms = Math.Round(LatencyReport.Percentile(all, 0.99), 2),
            MaxMs = Math.Round(LatencyReport.Percentile(all, 1), 2),
            P99KeyFramesMs = Math.Round(LatencyReport.Percentile(key, 0.99), 2),
            P99OtherFramesMs = Math.Round(LatencyReport.Percentile(other, 0.99), 2),
            SpreadP50Ms = spread.Length == 0 ? null : Math.Round(LatencyReport.Percentile(spread, 0.50), 2),
            SpreadP99Ms = spread.Length == 0 ? null : Math.Round(LatencyReport.Percentile(spread, 0.99), 2),
            KernelP50Ms = kernel.Length == 0 ? null : Math.Round(LatencyReport.Percentile(kernel, 0.50), 2),
            KernelP99Ms = kernel.Length == 0 ? null : Math.Round(LatencyReport.Percentile(kernel, 0.99), 2),
            BrokerCores = Math.Round(cpu / elapsed, 3),
            BrokerUsPerDeliveredFrame = Math.Round(cpu.TotalMicroseconds / Math.Max(1, all.Length), 1),
            ToolCores = Math.Round(tool / elapsed, 3),
            PublisherMaxWriteMs = Math.Round(stats.MaxWriteMs, 2),
            ReadersWithoutSamples = counters.Count(c => c.Latency!.Count == 0 || c.Error is not null),
            FirstError = counters.Select(c => c.Error).FirstOrDefault(e => e is not null),
        };
    }

    private static double[] Sorted(IEnumerable<double> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        return array;
    }

    private static bool IsKey(AnnexBClip clip, long sequence) => AnnexBClip.IsKeyFrame(clip.AccessUnits[(int)(sequence % clip.AccessUnits.Count)]);

    /// <summary>Waits until one reader sees the marker: the broker has the stream and carries the SEI through.</summary>
    private static async Task WaitForMarkerAsync(Func<ReaderCounters, CancellationToken, Task> reader, Task publishing, TextWriter log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            using var cts = new CancellationTokenSource();
            var probe = new ReaderCounters { Latency = new LatencySamples(new LatencyWindow()) };
            var task = reader(probe, cts.Token);
            var attempt = Stopwatch.StartNew();
            while (probe.Latency.Seen == 0 && !task.IsCompleted && attempt.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(100);
            }

            await cts.CancelAsync();
            await task.WaitAsync(TimeSpan.FromSeconds(10));
            if (probe.Latency.Seen > 0)
            {
                return;
            }

            if (publishing.IsCompleted)
            {
                await publishing; // surfaces the publisher's failure
                throw new InvalidOperationException("the publisher stopped");
            }

            log.WriteLine($"waiting for the marker ({probe.Error ?? (probe.Messages > 0 ? "media without marker" : "no media yet")})");
            await Task.Delay(500);
        }

        throw new TimeoutException("no marked frame from the broker within " + ReadyTimeout);
    }
}
