using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// Where the broker's resident memory goes: idle (every server on, nothing connected), one RTMP publisher and one
/// reader, then per protocol a fresh broker with the publisher and N readers, so that one protocol's pools and
/// heap growth do not hide in the next one's figure.
/// </summary>
internal static class FootprintRunner
{
    private const string App = "live";
    private const string Name = "bench";
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<FootprintResult>> RunAsync(FootprintOptions options, TextWriter log)
    {
        var clip = await SourceClip.EnsureAsync(options.Clip);
        var settle = TimeSpan.FromSeconds(options.SettleSeconds);
        var results = new List<FootprintResult>();
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);

        await using (var broker = await StartBrokerAsync(options))
        {
            var pid = broker.Process.Id;
            var ports = await BrokerPorts.ReadAsync(broker);
            var gc = await GcPortAsync(broker, options);
            log.WriteLine($"broker pid {pid}: idle {options.SettleSeconds} s");
            results.Add((await MeasureAsync("idle", pid, 0, settle, http, gc)).Result);

            await using var publisher = SourceClip.Publish(clip, "flv", $"rtmp://127.0.0.1:{ports.Rtmp}/{App}/{Name}", options.PublisherCpus);
            var read = ReaderKinds.For("rtmp", ports, $"{App}/{Name}", http, srt);
            await FanoutRunner.WaitForMediaAsync(read, publisher, log);
            using var stop = new CancellationTokenSource();
            var counters = new ReaderCounters();
            var reader = Task.Run(() => read(counters, stop.Token));
            await counters.FirstMedia.WaitAsync(MediaTimeout);
            results.Add((await MeasureAsync("one stream (RTMP in) + one RTMP reader", pid, 1, settle, http, gc)).Result);
            await stop.CancelAsync();
            await reader.WaitAsync(TimeSpan.FromSeconds(30));
        }

        foreach (var proto in options.Protos)
        {
            results.AddRange(await ReadersAsync(options, proto, clip, http, srt, log));
        }

        return results;
    }

    private static async Task<List<FootprintResult>> ReadersAsync(FootprintOptions options, string proto, string clip, HttpClient http,
        SrtRuntime srt, TextWriter log)
    {
        var settle = TimeSpan.FromSeconds(options.SettleSeconds);
        await using var broker = await StartBrokerAsync(options);
        var pid = broker.Process.Id;
        var ports = await BrokerPorts.ReadAsync(broker);
        var gc = await GcPortAsync(broker, options);
        await using var publisher = SourceClip.Publish(clip, "flv", $"rtmp://127.0.0.1:{ports.Rtmp}/{App}/{Name}", options.PublisherCpus);
        var read = ReaderKinds.For(proto, ports, $"{App}/{Name}", http, srt, srtWindow: options.SrtWindow);
        // One probe reader first: every code path of the protocol is compiled before the baseline is taken.
        await FanoutRunner.WaitForMediaAsync(read, publisher, log);
        var baseline = await FootprintSample.SettleAsync(pid, settle);

        using var stop = new CancellationTokenSource();
        var counters = new List<ReaderCounters>();
        var tasks = new List<Task>();
        var rows = new List<FootprintResult>();
        var before = (Readers: 0, Sample: baseline);
        int[] targets = options.MoreReaders > 0 ? [options.Readers, options.Readers + options.MoreReaders] : [options.Readers];
        foreach (var target in targets)
        {
            var added = counters.Count;
            while (counters.Count < target)
            {
                var c = new ReaderCounters();
                counters.Add(c);
                tasks.Add(Task.Run(() => read(c, stop.Token)));
                await Task.Delay(TimeSpan.FromSeconds(1.0 / options.RampPerSecond));
            }

            try
            {
                await Task.WhenAll(counters.Skip(added).Select(c => c.FirstMedia)).WaitAsync(MediaTimeout);
            }
            catch (TimeoutException)
            {
                log.WriteLine($"{proto}: {counters.Count(c => !c.Started)} readers got no media within {MediaTimeout.TotalSeconds} s");
            }

            log.WriteLine($"{proto}: {target} readers on broker pid {pid}; settling {options.SettleSeconds} s");
            var started = counters.Count(c => c.Started && c.Error is null);
            var row = await MeasureAsync($"{proto}: publisher + {target} readers", pid, started, settle, http, gc);
            var n = Math.Max(1, started - before.Readers);
            rows.Add(row.Result with
            {
                RssKibPerReader = Math.Round((double)(row.Sample.Rss - before.Sample.Rss) / n, 1),
                AnonKibPerReader = Math.Round((double)(row.Sample.Anon - before.Sample.Anon) / n, 1),
                MarginalFrom = before.Readers == 0 ? null : before.Readers,
                Failed = target - started,
            });
            before = (started, row.Sample);
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        return rows;
    }

    private static Task<BrokerHost> StartBrokerAsync(FootprintOptions options) =>
        BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, options.GcHeap ? FootprintGcHeap.Config : null);

    private static async Task<int?> GcPortAsync(BrokerHost broker, FootprintOptions options) =>
        options.GcHeap ? await broker.PortAsync("pprof") : null;

    private static async Task<(FootprintResult Result, FootprintSample Sample)> MeasureAsync(string phase, int pid, int readers, TimeSpan settle,
        HttpClient http, int? gcPort)
    {
        var s = await FootprintSample.SettleAsync(pid, settle);
        var gc = gcPort is { } port ? await FootprintGcHeap.ReadAsync(http, port) : ((double, double)?)null;
        return (new FootprintResult
        {
            Phase = phase,
            RssMib = Mib(s.Rss),
            AnonMib = Mib(s.Anon),
            FileMib = Mib(s.File),
            ShmemMib = Mib(s.Shmem),
            Threads = s.Threads,
            Readers = readers,
            GcHeapMib = gc?.Item1,
            GcCommittedMib = gc?.Item2,
        }, s);
    }

    private static double Mib(long kib) => Math.Round(kib / 1024.0, 1);
}
