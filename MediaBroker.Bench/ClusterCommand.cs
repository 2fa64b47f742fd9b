using System.Globalization;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// <c>cluster [--nodes 3] [--readers 300] [--proto rtmp] [--seconds 15] [--warmup 5] [--ramp 200] [--broker-cpus LIST]
/// [--publisher-cpus LIST] [--broker dll] [--redis-server path] [--single yes|no] [--json file]</c>: runs
/// <see cref="ClusterRunner"/> and prints the markdown table and the JSON.
/// </summary>
internal static class ClusterCommand
{
    private const string Usage = "usage: cluster [--nodes 3] [--readers 300] [--proto " + ReaderKinds.Names + "] [--seconds 15] [--warmup 5] [--ramp 200]"
        + " [--broker-cpus LIST] [--publisher-cpus LIST] [--broker dll] [--redis-server /usr/bin/redis-server] [--single yes|no] [--json file]";

    public static async Task<int> RunAsync(string[] args)
    {
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            opts[args[i].TrimStart('-')] = args[i + 1];
        }

        if (args.Length % 2 != 0 || opts.ContainsKey("help"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var defaults = new ClusterOptions();
        var result = await ClusterRunner.RunAsync(new ClusterOptions
        {
            Nodes = Int(opts, "nodes", defaults.Nodes),
            Readers = Int(opts, "readers", defaults.Readers),
            Proto = opts.GetValueOrDefault("proto", defaults.Proto),
            Seconds = Int(opts, "seconds", defaults.Seconds),
            WarmupSeconds = Int(opts, "warmup", defaults.WarmupSeconds),
            RampPerSecond = Int(opts, "ramp", defaults.RampPerSecond),
            BrokerCpus = opts.GetValueOrDefault("broker-cpus") is { } cpus and not "none" ? cpus : null,
            PublisherCpus = opts.GetValueOrDefault("publisher-cpus") is { } p and not "none" ? p : null,
            BrokerDll = opts.GetValueOrDefault("broker"),
            RedisServer = opts.GetValueOrDefault("redis-server", defaults.RedisServer),
            CompareSingleNode = opts.GetValueOrDefault("single", "yes") != "no",
        }, Console.Error);

        var json = Report.Json([result]);
        Console.WriteLine(Markdown(result));
        Console.WriteLine(json);
        if (opts.TryGetValue("json", out var file))
        {
            await File.WriteAllTextAsync(file, json);
        }

        return 0;
    }

    /// <summary>One row per node, then the single broker's row with the same readers.</summary>
    public static string Markdown(ClusterResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Cluster: {r.Nodes.Count} nodes, {r.Readers} {r.Proto} readers, {r.SteadySeconds:F1} s window, load average {r.LoadAverageStart:F1} → {r.LoadAverageEnd:F1}, source {r.SourceKbps:F0} kbit/s");
        sb.AppendLine();
        sb.AppendLine("| node | role | source | readers | cores | idle cores | CPU ms/s per reader | marginal ms/s per reader | RSS MiB | inbound kbit/s (× the owner's) | pulls served | kbit/s per reader mean / min | no media | stalled | failed |");
        sb.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var n in r.Nodes)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {n.Name} | {n.Role} | {n.Source} | {n.Readers} | {n.Cores:F3} | {n.IdleCores:F3} | {n.CpuMsPerSecPerReader:F3} | {n.MarginalCpuMsPerSecPerReader:F3} | {n.RssMib:F1} | {n.InboundKbps:F0} ({n.InboundPerStream:F2}) | {(n.PullsServed is { } p ? p.ToString(CultureInfo.InvariantCulture) : "–")} | {n.MeanReaderKbps:F0} / {n.MinReaderKbps:F0} | {n.WithoutMedia} | {n.Stalled} | {n.Failed} |");
        }

        if (r.SingleNode is { } s)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| single broker | alone | publisher | {s.Readers} | {s.BrokerCores:F3} | {s.IdleBrokerCores:F3} | {s.CpuMsPerSecPerReader:F3} | {s.MarginalCpuMsPerSecPerReader:F3} | {s.RssMib:F1} | – | – | {s.MeanReaderKbps:F0} / {s.MinReaderKbps:F0} | – | {s.Stalled} | {s.Failed} |");
        }

        if (r.Nodes.FirstOrDefault(n => n.FirstError is not null) is { } failed)
        {
            sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"First reader error ({failed.Name}): {failed.FirstError}");
        }

        return sb.ToString();
    }

    private static int Int(Dictionary<string, string> opts, string key, int fallback) =>
        opts.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
