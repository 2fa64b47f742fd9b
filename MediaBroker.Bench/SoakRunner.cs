using System.Diagnostics;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Runs the soak: a broker, stable paths (the tool's SEI-stamped RTMP/RTSP publishers) read for the whole run by one
/// reader of every kind in turn, plus <see cref="SoakActors"/> churning around them; the broker sampled throughout.
/// At the end every check is judged (<see cref="SoakResult.Failures"/>): series flat after warm-up, no broker error
/// lines, no actor failure, no stable reader gap above the limit, and healthy readers not slower during stalls.
/// </summary>
internal static class SoakRunner
{
    private static readonly TimeSpan MaxGapLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BeforeStall = TimeSpan.FromSeconds(30);

    public static async Task<SoakResult> RunAsync(SoakOptions options, TextWriter log)
    {
        var clip = await AnnexBClip.LoadAsync(await SourceClip.EnsureAsync(options.Clip));
        await using var broker = await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, SoakActors.Config(0));
        var ports = await BrokerPorts.ReadAsync(broker);
        var metricsPort = await broker.PortAsync("metrics");
        var pid = broker.Process.Id;
        log.WriteLine($"broker pid {pid}, {ports}, metrics {metricsPort}");
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var events = new SoakEvents();
        var actors = new SoakActors(options, broker, ports, clip, http, srt, events);
        var duration = TimeSpan.FromMinutes(options.Minutes);
        var warmup = duration * options.WarmupFraction;
        var window = new LatencyWindow();
        var stableCount = Math.Max(1, options.Paths / 2);
        var stableReaderCount = Math.Max(1, options.Readers / 2);
        var publishers = new List<(string Path, long Start, IFramePublisher Publisher, Task Task)>();
        var background = new List<Task>();
        var samples = new List<SoakSample>();
        var stalls = new List<(long Start, long End)>();
        var stable = new List<(string Name, string Path, ReaderCounters Counters, Task Task)>();
        List<SoakReaderGap> gaps = [];
        var run = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < stableCount; i++)
            {
                var path = $"soak/stable{i}";
                IFramePublisher publisher = i % 2 == 0
                    ? await RtmpFramePublisher.ConnectAsync(ports.Rtmp, "soak", $"stable{i}", clip, stop.Token)
                    : await RtspFramePublisher.ConnectAsync(ports.Rtsp, path, clip, stop.Token);
                var start = Stopwatch.GetTimestamp();
                publishers.Add((path, start, publisher, Task.Run(() => StablePublisherAsync(path, publisher, clip, events, run, stop.Token))));
            }

            await WaitReadyAsync(http, ports.Api, stableCount);
            for (var i = 0; i < stableReaderCount; i++)
            {
                var kind = SoakActors.ReaderKindNames[i % SoakActors.ReaderKindNames.Length];
                var path = publishers[i % stableCount].Path;
                var counters = new ReaderCounters { Latency = kind is "rtmp" or "rtsp" or "webrtc" ? new LatencySamples(window) : null };
                var reader = ReaderKinds.For(kind, ports, path, http, srt);
                stable.Add(($"{kind} {path}", path, counters, Task.Run(() => reader(counters, stop.Token))));
                await Task.Delay(100);
            }

            var first = Stopwatch.StartNew();
            while (stable.Any(r => !r.Counters.Started) && first.Elapsed < ReadyTimeout)
            {
                await Task.Delay(200);
            }

            foreach (var r in stable.Where(r => !r.Counters.Started))
            {
                events.Fail("stable readers without media", $"{r.Name}: {r.Counters.Error ?? "none within " + ReadyTimeout}");
            }

            log.WriteLine($"{stableCount} stable paths, {stable.Count} stable readers after {run.Elapsed.TotalSeconds:F0} s; churn starts; warm-up until {warmup.TotalMinutes:F1} min");
            var stablePaths = publishers.Select(p => p.Path).ToList();
            for (var j = 0; j < options.Paths - stableCount; j++)
            {
                var slot = j;
                background.Add(Task.Run(() => actors.ChurnPublisherAsync(slot, stop.Token)));
            }

            for (var k = 0; k < options.Readers - stableReaderCount; k++)
            {
                var slot = k;
                background.Add(Task.Run(() => actors.ChurnReaderAsync(slot, stablePaths, stop.Token)));
            }

            background.Add(Task.Run(() => actors.ConfigChurnAsync(stop.Token)));
            background.Add(Task.Run(() => SampleAsync(http, pid, metricsPort, run, samples, events, options, log, stop.Token)));
            var stallsFirst = warmup + TimeSpan.FromSeconds(2);
            background.Add(Task.Run(() => actors.StallsAsync(stablePaths[0], run, stallsFirst, duration - TimeSpan.FromSeconds(3), stalls, stop.Token)));

            await DelayUntilAsync(run, warmup);
            foreach (var r in stable)
            {
                r.Counters.ResetGap();
            }

            window.Open = true;
            await DelayUntilAsync(run, duration);
            window.Open = false;
            // Before the readers stop: MaxGap counts a gap still open now.
            gaps = [.. stable.Select(r => new SoakReaderGap(r.Name, Math.Round(r.Counters.MaxGap().TotalSeconds, 2), r.Counters.Error))];
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var t in background.Concat(stable.Select(r => r.Task)).Concat(publishers.Select(p => p.Task)))
            {
                await t.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            foreach (var p in publishers)
            {
                await p.Publisher.DisposeAsync();
            }
        }

        return Judge(options, duration, warmup, samples, events, broker, gaps, stalls, publishers[0].Path, publishers.ToDictionary(p => p.Path, p => p.Start), stable);
    }

    private static SoakResult Judge(SoakOptions options, TimeSpan duration, TimeSpan warmup, List<SoakSample> samples, SoakEvents events, BrokerHost broker,
        List<SoakReaderGap> gaps, List<(long Start, long End)> stalls, string stallPath, Dictionary<string, long> publisherStarts,
        List<(string Name, string Path, ReaderCounters Counters, Task Task)> stable)
    {
        var failures = new List<string>();
        var series = SoakSample.SeriesNames.Select(n => SoakSeries.Of(n, samples, warmup.TotalSeconds)).ToList();
        failures.AddRange(series.Where(s => !s.Flat).Select(s => $"{s.Name} grew {s.GrowthOverWindow} over the window after warm-up (bound {s.Bound})"));
        if (broker.Process.ErrorCount > 0)
        {
            failures.Add($"the broker logged {broker.Process.ErrorCount} error/Unhandled lines; first: {broker.Process.ErrorLines[0]}");
        }

        failures.AddRange(events.Counts().Where(kv => kv.Key != "reader sessions without media" && (kv.Key.Contains("failed", StringComparison.Ordinal)
            || kv.Key.Contains("without", StringComparison.Ordinal) || kv.Key.Contains("cut", StringComparison.Ordinal) || kv.Key.Contains("did not", StringComparison.Ordinal)))
            .Select(kv => $"{kv.Value} {kv.Key}"));
        failures.AddRange(gaps.Where(g => g.Error is not null).Select(g => $"stable reader {g.Reader} ended: {g.Error}"));
        failures.AddRange(gaps.Where(g => g.MaxGapSeconds > MaxGapLimit.TotalSeconds).Select(g => $"stable reader {g.Reader} had a {g.MaxGapSeconds} s gap"));

        // Latency of the healthy (stable) readers by the send time of each frame: frame f of a path left at its start + f/30 s.
        // The stalls are on the first stable path; readers of the other stable paths, at the same moments, are the control
        // group: load on the shared machine slows both alike, a stalled reader holding up its path slows only the first.
        var before = new List<double>();
        var during = new List<double>();
        var control = new List<double>();
        var frameTicks = Stopwatch.Frequency / 30.0;
        var beforeTicks = (long)(BeforeStall.TotalSeconds * Stopwatch.Frequency);
        foreach (var r in stable.Where(r => r.Counters.Latency is not null))
        {
            var start = publisherStarts[r.Path];
            foreach (var (sequence, ms, _) in r.Counters.Latency!.Samples())
            {
                var sent = start + (long)(sequence * frameTicks);
                var inStall = stalls.Any(s => sent >= s.Start && sent <= s.End);
                if (r.Path != stallPath)
                {
                    if (inStall)
                    {
                        control.Add(ms);
                    }
                }
                else if (inStall)
                {
                    during.Add(ms);
                }
                else if (stalls.Any(s => sent < s.Start && sent >= s.Start - beforeTicks))
                {
                    before.Add(ms);
                }
            }
        }

        before.Sort();
        during.Sort();
        control.Sort();
        var p99Before = Percentile(before, 0.99);
        var p99During = Percentile(during, 0.99);
        var p99Control = Percentile(control, 0.99);
        if (stalls.Count == 0)
        {
            failures.Add("no stall was injected (the run is too short for its warm-up and stall length)");
        }
        else if (during.Count == 0 || before.Count == 0 || control.Count == 0)
        {
            failures.Add($"too few latency samples around the stalls ({before.Count} before, {during.Count} during, {control.Count} on other paths)");
        }
        else
        {
            if (p99During > (2 * p99Control) + 250)
            {
                failures.Add($"during the stalls the stalled path's healthy readers had p99 {p99During:F1} ms, other paths' {p99Control:F1} ms");
            }

            if (p99During > (2 * p99Before) + 1000)
            {
                failures.Add($"the stalled path's healthy readers' p99 latency rose from {p99Before:F1} ms to {p99During:F1} ms during the stalls");
            }
        }

        // A handful of churned sessions may fail to start on an overloaded machine (e.g. a WebRTC DTLS handshake past its
        // 10 s limit); more than 1 % of them (at least one allowed) is a failure.
        var sessions = events.Counts().Where(kv => kv.Key.StartsWith("reader sessions ", StringComparison.Ordinal) && !kv.Key.Contains("without", StringComparison.Ordinal)
            && !kv.Key.Contains("cut", StringComparison.Ordinal) && !kv.Key.Contains("did not", StringComparison.Ordinal)).Sum(kv => kv.Value);
        var withoutMedia = events["reader sessions without media"];
        if (withoutMedia > Math.Max(1, sessions / 100))
        {
            failures.Add($"{withoutMedia} of {sessions + withoutMedia} churned reader sessions got no media");
        }

        return new SoakResult
        {
            Minutes = options.Minutes,
            WarmupMinutes = Math.Round(warmup.TotalMinutes, 2),
            Paths = options.Paths,
            Readers = options.Readers,
            Series = series,
            Samples = samples,
            Events = events.Counts(),
            BrokerErrorLines = broker.Process.ErrorCount,
            FirstBrokerErrors = broker.Process.ErrorLines,
            StableReaders = gaps,
            MaxGapLimitSeconds = MaxGapLimit.TotalSeconds,
            Stalls = stalls.Count,
            LatencySamplesBefore = before.Count,
            LatencySamplesDuring = during.Count,
            LatencyP50BeforeMs = Math.Round(Percentile(before, 0.5), 2),
            LatencyP99BeforeMs = Math.Round(p99Before, 2),
            LatencyP50DuringMs = Math.Round(Percentile(during, 0.5), 2),
            LatencyP99DuringMs = Math.Round(p99During, 2),
            ControlSamplesDuring = control.Count,
            ControlP50DuringMs = Math.Round(Percentile(control, 0.5), 2),
            ControlP99DuringMs = Math.Round(p99Control, 2),
            FailureReasons = events.FailureReasons(),
            Failures = failures,
        };
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static async Task DelayUntilAsync(Stopwatch run, TimeSpan at)
    {
        if (at > run.Elapsed)
        {
            await Task.Delay(at - run.Elapsed);
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, int apiPort, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            var (ready, _) = await BrokerApi.PathsAsync(http, apiPort);
            if (ready >= count)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the stable paths were not ready within {ReadyTimeout}");
    }

    private static async Task SampleAsync(HttpClient http, int pid, int metricsPort, Stopwatch run, List<SoakSample> samples, SoakEvents events,
        SoakOptions options, TextWriter log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SampleEverySeconds));
        var lastLog = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var s = await SoakSample.TakeAsync(http, pid, metricsPort, run.Elapsed.TotalSeconds, ct);
                    lock (samples)
                    {
                        samples.Add(s);
                    }

                    if (run.Elapsed - lastLog >= TimeSpan.FromMinutes(1))
                    {
                        lastLog = run.Elapsed;
                        log.WriteLine($"{run.Elapsed.TotalMinutes:F1} min: {s}; {string.Join(", ", events.Counts().Select(kv => $"{kv.Key} {kv.Value}"))}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidDataException)
                {
                    events.Fail("samples failed", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // End of the run.
        }
    }

    /// <summary>Runs one stable path's publisher; if it ends before the run does, says when and why (its readers' gaps follow).</summary>
    private static async Task StablePublisherAsync(string path, IFramePublisher publisher, AnnexBClip clip, SoakEvents events, Stopwatch run, CancellationToken ct)
    {
        string reason;
        try
        {
            await LatencyPublisher.RunAsync(clip, publisher, new PublisherStats(), ct);
            reason = "ended";
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            reason = ex.Message;
        }

        if (!ct.IsCancellationRequested)
        {
            events.Fail("stable publishers ended", $"{path} at {run.Elapsed.TotalMinutes:F1} min: {reason}");
        }
    }
}
