using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>
/// Entry point: <c>fanout --proto X[,Y] --readers N --seconds S</c> (X,Y: readers alternate between the protocols), <c>sweep --proto X [--counts 10,100,300]</c>,
/// <c>churn --proto rtmp|rtsp --connections N --concurrency C</c>, <c>publishers --count N --proto X</c>,
/// <c>record --count N --seconds S [--segment 2s] [--part 1s] [--format fmp4|mpegts]</c>
/// <c>latency --pair rtsp-rtsp|rtmp-rtmp|rtsp-webrtc|rtmp-rtsp [--readers 1,100]</c>
/// <c>srtp [--packets N] [--size 1200]</c> (CPU per SRTP AES-GCM protect, per cipher)
/// <c>footprint [--protos rtmp,rtsp,srt] [--readers 100] [--more-readers 0] [--srt-window 0] [--settle 10] [--gc-heap yes]</c> (RSS idle, with one stream and one reader, per reader),
/// <c>ingest-alloc [--protos rtmp,rtsp] [--seconds 10] [--warmup 5] [--allocs-trace prefix]</c> (broker bytes allocated per published frame, one reader per path),
/// <c>stalls --kinds all|rtmp,hls,... [--seconds 30] [--before 30] [--readers 4] [--bound-ms 100]</c>
/// or <c>soak --minutes 60 [--paths 20] [--readers 50] [--reload-every 5] [--sample-every 5] [--stall-every 300] [--stall 30]</c>
/// (exit code 1 when a soak or stalls check fails).
/// Other options: --warmup S, --ramp per-second, --publish rtmp|rtsp, --broker-cpus LIST|none, --publisher-cpus LIST|none,
/// --broker path/to/mediabroker.dll, --json file, --settle S (churn), --batch 350ms|auto (fanout, latency: readerBatchDuration),
/// --server-pid PID --server-rtmp PORT [--server-whep URL] (fanout, latency, publishers: measure a server the tool does not start, e.g. SRS
/// or nginx-rtmp; publishers reads it over RTMP only).
/// </summary>
internal static class BenchProgram
{
    private const string Usage = "usage: fanout|sweep|churn|publishers|record|latency|srtp|soak --proto " + ReaderKinds.Names + "[,another]"
        + " [--readers N] [--counts 10,100,300] [--connections N] [--concurrency C] [--count N] [--seconds S] [--warmup S] [--settle S] [--sample-every N]"
        + " [--ramp R] [--publish rtmp|rtsp] [--broker-cpus 1] [--publisher-cpus 0] [--broker dll] [--json file] [--batch 350ms]"
        + "; record --count N --seconds S [--segment 2s] [--part 1s] [--format fmp4|mpegts]"
        + "; latency --pair rtsp-rtsp|rtmp-rtmp|rtsp-webrtc|rtmp-rtsp [--readers 1,100] [--seconds 10] [--warmup 3] [--ramp 50]"
        + "; srtp [--packets 200000] [--size 1200]"
        + "; footprint [--protos rtmp,rtsp,srt] [--readers 100] [--more-readers 0] [--srt-window 0] [--settle 10] [--ramp 50] [--gc-heap yes]"
        + "; soak --minutes 60 [--paths 20] [--readers 50] [--reload-every 5] [--sample-every 5] [--stall-every 300] [--stall 30] [--warmup-fraction 0.33]"
        + "; ingest-alloc [--protos rtmp,rtsp] [--seconds 10] [--warmup 5] [--allocs-trace prefix]"
        + "; stalls --kinds all|" + StalledReaders.Kinds + " [--seconds 30] [--before 30] [--readers 4] [--bound-ms 100] [--gone-timeout 90]"
        + "; fanout|latency|publishers against a running server: --server-pid PID --server-rtmp PORT [--server-whep URL] (readers: " + ExternalServer.ReaderProtocols
        + "; publishers: rtmp)";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cluster") return await ClusterCommand.RunAsync(args[1..]);
        if (args.Length == 0 || args[0] is not ("fanout" or "sweep" or "churn" or "publishers" or "record" or "latency" or "soak" or "srtp" or "footprint" or "stalls" or "ingest-alloc"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            opts[args[i].TrimStart('-')] = args[i + 1];
        }

        // Soak and stalls judge their run: their exit code says whether a check failed.
        var (markdown, json, failed) = args[0] switch
        {
            "soak" => await SoakAsync(opts),
            "stalls" => await StallsAsync(opts),
            _ => Measured(await MeasureAsync(args[0], opts)),
        };

        Console.WriteLine(markdown);
        Console.WriteLine(json);
        if (opts.TryGetValue("json", out var file))
        {
            await File.WriteAllTextAsync(file, json);
        }

        return failed ? 1 : 0;
    }

    private static (string Markdown, string Json, bool Failed) Measured((string Markdown, string Json) report) => (report.Markdown, report.Json, false);

    private static async Task<(string Markdown, string Json)> MeasureAsync(string scenario, Dictionary<string, string> opts) =>
        scenario switch
        {
            "churn" => await ChurnAsync(opts),
            "publishers" => await PublishersAsync(opts),
            "record" => await RecordAsync(opts),
            "latency" => await LatencyAsync(opts),
            "srtp" => SrtpCipherBench.Run(Int(opts, "packets", 200_000), Int(opts, "size", 1200)),
            "footprint" => await FootprintAsync(opts),
            "ingest-alloc" => await IngestAllocAsync(opts),
            _ => await FanoutAsync(scenario == "sweep", opts),
        };

    private static async Task<(string Markdown, string Json)> FanoutAsync(bool sweep, Dictionary<string, string> opts)
    {
        var baseOptions = new FanoutOptions
        {
            Proto = Get(opts, "proto", "rtmp"),
            Readers = Int(opts, "readers", 10),
            Seconds = Int(opts, "seconds", 15),
            WarmupSeconds = Int(opts, "warmup", 5),
            RampPerSecond = Int(opts, "ramp", 200),
            Publish = Get(opts, "publish", "rtmp"),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
            ReaderBatch = opts.GetValueOrDefault("batch"),
            Server = ExternalServer.FromOptions(opts),
        };
        var counts = sweep
            ? Get(opts, "counts", "10,100,300").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList()
            : [baseOptions.Readers];

        var results = new List<FanoutResult>();
        foreach (var n in counts)
        {
            var result = await FanoutRunner.RunAsync(baseOptions with { Readers = n }, Console.Error);
            results.Add(result);
            await Console.Error.WriteLineAsync(Report.Markdown([result]));
        }

        return (Report.Markdown(results), Report.Json(results));
    }

    private static async Task<(string Markdown, string Json)> ChurnAsync(Dictionary<string, string> opts)
    {
        var result = await ChurnRunner.RunAsync(new ChurnOptions
        {
            Proto = Get(opts, "proto", "rtmp"),
            Connections = Int(opts, "connections", 10_000),
            Concurrency = Int(opts, "concurrency", 50),
            SettleSeconds = Int(opts, "settle", 10),
            SampleEvery = Int(opts, "sample-every", 1000),
            Publish = Get(opts, "publish", "rtmp"),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
        }, Console.Error);
        return (Report.Markdown([result]), Report.Json([result]));
    }

    private static async Task<(string Markdown, string Json)> PublishersAsync(Dictionary<string, string> opts)
    {
        var result = await PublishersRunner.RunAsync(new PublishersOptions
        {
            Count = Int(opts, "count", 10),
            Proto = Get(opts, "proto", "rtmp"),
            Seconds = Int(opts, "seconds", 10),
            WarmupSeconds = Int(opts, "warmup", 5),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
            Server = ExternalServer.FromOptions(opts),
        }, Console.Error);
        return (Report.Markdown([result]), Report.Json([result]));
    }

    private static async Task<(string Markdown, string Json)> RecordAsync(Dictionary<string, string> opts)
    {
        var result = await RecordRunner.RunAsync(new RecordOptions
        {
            Count = Int(opts, "count", 10),
            Seconds = Int(opts, "seconds", 60),
            Segment = Get(opts, "segment", "2s"),
            Part = Get(opts, "part", "1s"),
            Format = Get(opts, "format", "fmp4"),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
        }, Console.Error);
        return (Report.Markdown([result]), Report.Json([result]));
    }

    private static async Task<(string Markdown, string Json)> LatencyAsync(Dictionary<string, string> opts)
    {
        var options = new LatencyOptions
        {
            Pair = Get(opts, "pair", "rtsp-rtsp"),
            Readers = Get(opts, "readers", "1,100").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
            Seconds = int.Parse(Get(opts, "seconds", "10"), CultureInfo.InvariantCulture),
            WarmupSeconds = int.Parse(Get(opts, "warmup", "3"), CultureInfo.InvariantCulture),
            RampPerSecond = int.Parse(Get(opts, "ramp", "50"), CultureInfo.InvariantCulture),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            BrokerDll = opts.GetValueOrDefault("broker"),
            ReaderBatch = opts.GetValueOrDefault("batch"),
            Server = ExternalServer.FromOptions(opts),
        };
        var results = await LatencyRunner.RunAsync(options, Console.Error);
        return (LatencyReport.Markdown(results), LatencyReport.Json(results));
    }

    private static async Task<(string Markdown, string Json)> FootprintAsync(Dictionary<string, string> opts)
    {
        var results = await FootprintRunner.RunAsync(new FootprintOptions
        {
            Protos = Get(opts, "protos", "rtmp,rtsp,srt").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Readers = Int(opts, "readers", 100),
            SettleSeconds = Int(opts, "settle", 10),
            RampPerSecond = Int(opts, "ramp", 50),
            MoreReaders = Int(opts, "more-readers", 0),
            SrtWindow = Int(opts, "srt-window", 0),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
            GcHeap = Get(opts, "gc-heap", "no") == "yes",
        }, Console.Error);
        return (Report.Markdown(results), Report.Json(results));
    }

    private static async Task<(string Markdown, string Json)> IngestAllocAsync(Dictionary<string, string> opts)
    {
        var results = await IngestAllocRunner.RunAsync(new IngestAllocOptions
        {
            Protos = Get(opts, "protos", "rtmp,rtsp").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Seconds = Int(opts, "seconds", 10),
            WarmupSeconds = Int(opts, "warmup", 5),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            BrokerDll = opts.GetValueOrDefault("broker"),
            AllocsTrace = opts.GetValueOrDefault("allocs-trace"),
        }, Console.Error);
        return (Report.Markdown(results), Report.Json(results));
    }

    private static async Task<(string Markdown, string Json, bool Failed)> SoakAsync(Dictionary<string, string> opts)
    {
        var result = await SoakRunner.RunAsync(new SoakOptions
        {
            Minutes = Double(opts, "minutes", 60),
            Paths = Int(opts, "paths", 20),
            Readers = Int(opts, "readers", 50),
            ReloadEverySeconds = Double(opts, "reload-every", 5),
            SampleEverySeconds = Double(opts, "sample-every", 5),
            StallEverySeconds = Double(opts, "stall-every", 300),
            StallSeconds = Double(opts, "stall", 30),
            WarmupFraction = Double(opts, "warmup-fraction", 1.0 / 3),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "none")),
            BrokerDll = opts.GetValueOrDefault("broker"),
        }, Console.Error);
        return (Report.Markdown(result), Report.Json([result]), result.Failures.Count != 0);
    }

    private static async Task<(string Markdown, string Json, bool Failed)> StallsAsync(Dictionary<string, string> opts)
    {
        var kinds = Get(opts, "kinds", "all");
        var result = await StallsRunner.RunAsync(new StallsOptions
        {
            Kinds = (kinds == "all" ? StalledReaders.Kinds : kinds).Split(','),
            Seconds = Double(opts, "seconds", 30),
            BeforeSeconds = Double(opts, "before", 30),
            Readers = Int(opts, "readers", 4),
            BoundMs = Double(opts, "bound-ms", 100),
            GoneTimeoutSeconds = Double(opts, "gone-timeout", 90),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "none")),
            BrokerDll = opts.GetValueOrDefault("broker"),
        }, Console.Error);
        return (Report.Markdown(result), Report.Json([result]), result.Failures.Count != 0);
    }

    private static double Double(Dictionary<string, string> opts, string key, double fallback) =>
        opts.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string Get(Dictionary<string, string> opts, string key, string fallback) => opts.GetValueOrDefault(key, fallback);

    private static int Int(Dictionary<string, string> opts, string key, int fallback) =>
        opts.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? Cpus(string value) => value == "none" ? null : value;
}
