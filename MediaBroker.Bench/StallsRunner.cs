using System.Diagnostics;
using System.Globalization;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Runs the stalls scenario: a broker, the tool's SEI-stamped RTMP publisher on each of two paths (stalls/main and
/// stalls/control), healthy RTMP and RTSP readers of both recording every frame's latency, then per stall kind a quiet
/// phase and a phase with one stalled reader of that kind on stalls/main. Each phase's healthy-reader latency and
/// publisher send delay are compared with the phase before and with the control path at the same moments: load on the
/// shared machine moves both baselines, a stalled reader holding up its path's fan-out moves neither.
/// </summary>
internal static class StallsRunner
{
    private const string MainPath = "stalls/main";
    private const string ControlPath = "stalls/control";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ListedTimeout = TimeSpan.FromSeconds(10);

    private sealed record MeasuredPath(string Name, PublisherStats Stats, List<ReaderCounters> Readers);

    private sealed record Phases(string Kind, long BeforeStart, long BeforeEnd, long DuringStart, long DuringEnd);

    public static async Task<StallsResult> RunAsync(StallsOptions options, TextWriter log)
    {
        var loadStart = LoadAverage();
        var clip = await AnnexBClip.LoadAsync(await SourceClip.EnsureAsync(options.Clip));
        await using var broker = await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus);
        var ports = await BrokerPorts.ReadAsync(broker);
        log.WriteLine($"broker pid {broker.Process.Id}, {ports}; load average {loadStart}");
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var window = new LatencyWindow { Open = true };
        var paths = new[] { new MeasuredPath(MainPath, new PublisherStats { KeepDelays = true }, []), new MeasuredPath(ControlPath, new PublisherStats { KeepDelays = true }, []) };
        var publishers = new List<IFramePublisher>();
        var tasks = new List<Task>();
        var phases = new List<Phases>();
        var kinds = new List<(string Kind, string? Error, string? Proof, int Listed, int StillListed, Task<double?> Gone)>();
        var failures = new List<string>();
        try
        {
            foreach (var p in paths)
            {
                var slash = p.Name.IndexOf('/', StringComparison.Ordinal);
                var publisher = await RtmpFramePublisher.ConnectAsync(ports.Rtmp, p.Name[..slash], p.Name[(slash + 1)..], clip, stop.Token);
                publishers.Add(publisher);
                tasks.Add(Task.Run(() => LatencyPublisher.RunAsync(clip, publisher, p.Stats, stop.Token)));
            }

            await WaitAsync(async () => (await BrokerApi.PathsAsync(http, ports.Api)).Ready >= paths.Length, ReadyTimeout, "the two paths were not ready");
            foreach (var p in paths)
            {
                for (var i = 0; i < options.Readers; i++)
                {
                    var counters = new ReaderCounters { Latency = new LatencySamples(window) };
                    var reader = ReaderKinds.For(i % 2 == 0 ? "rtmp" : "rtsp", ports, p.Name, http, srt);
                    p.Readers.Add(counters);
                    tasks.Add(Task.Run(() => reader(counters, stop.Token)));
                }
            }

            await WaitAsync(() => Task.FromResult(paths.All(p => p.Readers.All(r => r.Started))), ReadyTimeout, "healthy readers without media");
            log.WriteLine($"{options.Readers} healthy readers per path; kinds {string.Join(',', options.Kinds)}");
            var context = new StallContext(ports, MainPath, http, srt, clip.BytesPerSecond);
            foreach (var kind in options.Kinds)
            {
                var beforeStart = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromSeconds(options.BeforeSeconds));
                var beforeEnd = Stopwatch.GetTimestamp();
                var listedBefore = await BrokerApi.PathReadersAsync(http, ports.Api, MainPath);
                await using var stalled = StalledReaders.Create(kind, context);
                using (var start = new CancellationTokenSource(StartTimeout))
                {
                    try
                    {
                        await stalled.StartAsync(start.Token);
                    }
                    catch (Exception ex) when (StalledReaders.IsReaderFailure(ex) || ex is OperationCanceledException)
                    {
                        kinds.Add((kind, ex.Message, null, 0, 0, Task.FromResult<double?>(null)));
                        log.WriteLine($"{kind}: did not start: {ex.Message}");
                        continue;
                    }
                }

                var duringStart = Stopwatch.GetTimestamp();
                var mine = new HashSet<string>(StringComparer.Ordinal);
                await WaitAsync(async () =>
                {
                    // Not "hidden" readers: the HLS muxer the first HLS viewer starts is the path's, shared by every later
                    // HLS viewer and closed after hlsMuxerCloseAfter (60 s) without requests from any of them.
                    mine.UnionWith((await BrokerApi.PathReadersAsync(http, ports.Api, MainPath)).Except(listedBefore)
                        .Where(r => !r.StartsWith("hidden ", StringComparison.Ordinal)));
                    return mine.Count > 0;
                }, ListedTimeout, null);
                var gone = Task.Run(() => GoneAfterAsync(http, ports.Api, mine, duringStart, TimeSpan.FromSeconds(options.GoneTimeoutSeconds)));
                var left = TimeSpan.FromSeconds(options.Seconds) - Stopwatch.GetElapsedTime(duringStart);
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left);
                }

                var proof = stalled.Proof();
                var still = mine.Intersect(await BrokerApi.PathReadersAsync(http, ports.Api, MainPath)).Count();
                var duringEnd = Stopwatch.GetTimestamp();
                phases.Add(new Phases(kind, beforeStart, beforeEnd, duringStart, duringEnd));
                kinds.Add((kind, null, proof, mine.Count, still, gone));
                log.WriteLine($"{kind}: {proof ?? "NOT PROVEN"}; broker listed {mine.Count}, {still} still at the end");
            }

            foreach (var k in kinds)
            {
                await k.Gone;
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var t in tasks)
            {
                await t.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            foreach (var p in publishers)
            {
                await p.DisposeAsync();
            }
        }

        failures.AddRange(paths.SelectMany(p => p.Readers).Where(r => r.Error is not null).Select(r => "a healthy reader ended: " + r.Error));
        var results = kinds.Select(k => Judge(options, k, phases.FirstOrDefault(p => p.Kind == k.Kind), paths[0], paths[1])).ToList();
        failures.AddRange(results.SelectMany(r => r.Failures.Select(f => $"{r.Kind}: {f}")));
        return new StallsResult
        {
            HealthyReadersPerPath = options.Readers,
            BoundMs = options.BoundMs,
            LoadAverageStart = loadStart,
            LoadAverageEnd = LoadAverage(),
            Kinds = results,
            Failures = failures,
        };
    }

    private static StallKindResult Judge(StallsOptions options, (string Kind, string? Error, string? Proof, int Listed, int StillListed, Task<double?> Gone) k,
        Phases? phase, MeasuredPath main, MeasuredPath control)
    {
        var failures = new List<string>();
        var empty = new StallPhase(0, 0, 0);
        if (k.Error is not null || phase is null)
        {
            failures.Add("the stalled reader did not start: " + k.Error);
            return new StallKindResult
            {
                Kind = k.Kind, Error = k.Error, BrokerListed = 0, StillListedAtEnd = 0, ReadBefore = empty, ReadDuring = empty, ReadControl = empty,
                SendBefore = empty, SendDuring = empty, SendControl = empty, Failures = failures,
            };
        }

        bool In(long at, long from, long to) => at >= from && at < to;
        var readBefore = StallPhase.Of(Latencies(main).Where(s => In(s.SentAt, phase.BeforeStart, phase.BeforeEnd)).Select(s => s.Ms));
        var readDuring = StallPhase.Of(Latencies(main).Where(s => In(s.SentAt, phase.DuringStart, phase.DuringEnd)).Select(s => s.Ms));
        var readControl = StallPhase.Of(Latencies(control).Where(s => In(s.SentAt, phase.DuringStart, phase.DuringEnd)).Select(s => s.Ms));
        var sendBefore = StallPhase.Of(main.Stats.Delays().Where(s => In(s.SentAt, phase.BeforeStart, phase.BeforeEnd)).Select(s => s.Ms));
        var sendDuring = StallPhase.Of(main.Stats.Delays().Where(s => In(s.SentAt, phase.DuringStart, phase.DuringEnd)).Select(s => s.Ms));
        var sendControl = StallPhase.Of(control.Stats.Delays().Where(s => In(s.SentAt, phase.DuringStart, phase.DuringEnd)).Select(s => s.Ms));
        if (k.Proof is null)
        {
            failures.Add("not a real stall: nothing on this side showed it");
        }

        if (k.Listed == 0)
        {
            failures.Add("the broker never listed the stalled reader on the path");
        }

        var goneAfter = k.Gone.Result;
        if (goneAfter is null)
        {
            failures.Add($"the broker still listed the stalled reader {options.GoneTimeoutSeconds} s after its stall began");
        }

        failures.AddRange(Compare("healthy readers' latency", readBefore, readDuring, readControl, options.BoundMs));
        failures.AddRange(Compare("publisher's send delay", sendBefore, sendDuring, sendControl, options.BoundMs));
        return new StallKindResult
        {
            Kind = k.Kind,
            Proof = k.Proof,
            BrokerListed = k.Listed,
            StillListedAtEnd = k.StillListed,
            GoneAfterSeconds = goneAfter is { } g ? Math.Round(g, 1) : null,
            ReadBefore = readBefore,
            ReadDuring = readDuring,
            ReadControl = readControl,
            SendBefore = sendBefore,
            SendDuring = sendDuring,
            SendControl = sendControl,
            Failures = failures,
        };
    }

    /// <summary>During-p99 may exceed the larger baseline (the phase before, the control path at the same moments) by the bound.</summary>
    private static IEnumerable<string> Compare(string what, StallPhase before, StallPhase during, StallPhase control, double boundMs)
    {
        if (before.Samples == 0 || during.Samples == 0 || control.Samples == 0)
        {
            yield return $"{what}: no samples in a phase ({before.Samples} before, {during.Samples} during, {control.Samples} control)";
        }
        else if (during.P99Ms > Math.Max(before.P99Ms, control.P99Ms) + boundMs)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{what}: p99 {during.P99Ms:F1} ms during the stall, {before.P99Ms:F1} ms before, {control.P99Ms:F1} ms on the control path (bound +{boundMs} ms)");
        }
    }

    private static IEnumerable<(long SentAt, double Ms)> Latencies(MeasuredPath p) => p.Readers.SelectMany(r => r.Latency!.Timed());

    /// <summary>Seconds from <paramref name="since"/> until the broker lists none of <paramref name="mine"/> on the path, or null at the timeout.</summary>
    private static async Task<double?> GoneAfterAsync(HttpClient http, int apiPort, HashSet<string> mine, long since, TimeSpan timeout)
    {
        while (Stopwatch.GetElapsedTime(since) < timeout)
        {
            var listed = await BrokerApi.PathReadersAsync(http, apiPort, MainPath);
            if (!mine.Overlaps(listed))
            {
                return Stopwatch.GetElapsedTime(since).TotalSeconds;
            }

            await Task.Delay(500);
        }

        return null;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string? failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                if (failure is null)
                {
                    return;
                }

                throw new TimeoutException($"{failure} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(200);
        }
    }

    private static double LoadAverage() => File.Exists("/proc/loadavg")
        ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
        : double.NaN;
}
