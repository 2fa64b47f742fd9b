using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>
/// Entry point: <c>fanout --proto rtmp|rtsp|hls --readers N --seconds S</c>, <c>sweep --proto X [--counts 10,100,300]</c>
/// or <c>latency --pair rtsp-rtsp [--readers 1,100]</c>.
/// Other options: --warmup S, --ramp per-second, --publish rtmp|rtsp, --broker-cpus LIST|none, --publisher-cpus LIST|none,
/// --broker path/to/mediabroker.dll, --json file.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("fanout" or "sweep" or "latency"))
        {
            await Console.Error.WriteLineAsync("usage: fanout|sweep --proto rtmp|rtsp|hls [--readers N] [--counts 10,100,300] [--seconds S] [--warmup S] [--ramp R] [--publish rtmp|rtsp] [--broker-cpus 1] [--publisher-cpus 0] [--broker dll] [--json file]");
            await Console.Error.WriteLineAsync("       latency --pair rtsp-rtsp|rtmp-rtmp|rtsp-webrtc|rtmp-rtsp|... [--readers 1,100] [--seconds 10] [--warmup 3] [--ramp 50] [--broker-cpus 1] [--broker dll] [--json file]");
            return 2;
        }

        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            opts[args[i].TrimStart('-')] = args[i + 1];
        }

        if (args[0] == "latency")
        {
            var (latencyMarkdown, latencyJson) = await LatencyAsync(opts);
            Console.WriteLine(latencyMarkdown);
            Console.WriteLine(latencyJson);
            if (opts.TryGetValue("json", out var latencyFile))
            {
                await File.WriteAllTextAsync(latencyFile, latencyJson);
            }

            return 0;
        }

        var baseOptions = new FanoutOptions
        {
            Proto = Get(opts, "proto", "rtmp"),
            Readers = int.Parse(Get(opts, "readers", "10"), CultureInfo.InvariantCulture),
            Seconds = int.Parse(Get(opts, "seconds", "15"), CultureInfo.InvariantCulture),
            WarmupSeconds = int.Parse(Get(opts, "warmup", "5"), CultureInfo.InvariantCulture),
            RampPerSecond = int.Parse(Get(opts, "ramp", "200"), CultureInfo.InvariantCulture),
            Publish = Get(opts, "publish", "rtmp"),
            BrokerCpus = Cpus(Get(opts, "broker-cpus", "1")),
            PublisherCpus = Cpus(Get(opts, "publisher-cpus", "0")),
            BrokerDll = opts.GetValueOrDefault("broker"),
        };
        var counts = args[0] == "sweep"
            ? Get(opts, "counts", "10,100,300").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList()
            : [baseOptions.Readers];

        var results = new List<FanoutResult>();
        foreach (var n in counts)
        {
            var result = await FanoutRunner.RunAsync(baseOptions with { Readers = n }, Console.Error);
            results.Add(result);
            await Console.Error.WriteLineAsync(Report.Markdown([result]));
        }

        Console.WriteLine(Report.Markdown(results));
        var json = Report.Json(results);
        Console.WriteLine(json);
        if (opts.TryGetValue("json", out var file))
        {
            await File.WriteAllTextAsync(file, json);
        }

        return 0;
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
        };
        var results = await LatencyRunner.RunAsync(options, Console.Error);
        return (LatencyReport.Markdown(results), LatencyReport.Json(results));
    }

    private static string Get(Dictionary<string, string> opts, string key, string fallback) => opts.GetValueOrDefault(key, fallback);

    private static string? Cpus(string value) => value == "none" ? null : value;
}
