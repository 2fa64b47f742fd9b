using System.Globalization;
using System.Text.Json;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Bench;

/// <summary>
/// The cluster scenario: redis-server and N brokers with <c>cluster: yes</c> on loopback ports, one publisher on the
/// first node (the owner), readers spread over every node, so that each other node (an edge) pulls the path from the
/// owner once. Measures each node's CPU, RSS and the path's inbound rate (an edge's is its pull: the node-to-node
/// traffic), then, when asked, the same readers on one broker without a cluster (<see cref="FanoutRunner"/>).
/// </summary>
internal static class ClusterRunner
{
    private const string StreamPath = "live/bench";
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);

    public static async Task<ClusterResult> RunAsync(ClusterOptions options, TextWriter log)
    {
        if (options.Nodes < 2 || options.Readers < options.Nodes)
        {
            throw new ArgumentException("a cluster run needs at least 2 nodes and a reader per node");
        }

        var clip = await SourceClip.EnsureAsync(options.Clip);
        var sourceKbps = new FileInfo(clip).Length * 8 / 15.0 / 1000;
        var dll = BrokerHost.LocateDll(options.BrokerDll);
        var loadStart = LoadAverage();
        ClusterWindow window;
        await using (var redis = await RedisServer.StartAsync(options.RedisServer))
        {
            var hosts = new List<BrokerHost>();
            try
            {
                for (var i = 0; i < options.Nodes; i++)
                {
                    hosts.Add(await BrokerHost.StartAsync(dll, options.BrokerCpus, NodeConfig(NodeName(i), redis.Url)));
                }

                window = await MeasureAsync(options, hosts, clip, log);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        }

        FanoutResult? single = null;
        if (options.CompareSingleNode)
        {
            log.WriteLine($"single node: the same {options.Readers} {options.Proto} readers on one broker without a cluster");
            single = await FanoutRunner.RunAsync(new FanoutOptions
            {
                Proto = options.Proto,
                Readers = options.Readers,
                Seconds = options.Seconds,
                WarmupSeconds = options.WarmupSeconds,
                RampPerSecond = options.RampPerSecond,
                BrokerCpus = options.BrokerCpus,
                PublisherCpus = options.PublisherCpus,
                BrokerDll = dll,
                Clip = options.Clip,
            }, log);
        }

        return new ClusterResult
        {
            Proto = options.Proto,
            Readers = options.Readers,
            SteadySeconds = Math.Round(window.Seconds, 1),
            SourceKbps = Math.Round(sourceKbps, 0),
            LoadAverageStart = loadStart,
            LoadAverageEnd = window.LoadAverageEnd,
            Nodes = window.Nodes,
            SingleNode = single,
        };
    }

    /// <summary>The broker's bench config (every listener on 127.0.0.1:0) joined to the cluster, advertising loopback.</summary>
    public static string NodeConfig(string name, string redisUrl) =>
        BrokerHost.Config.Replace("paths:\n", $"cluster: yes\nclusterRedis: {redisUrl}\nclusterNodeName: {name}\nclusterAdvertise: [127.0.0.1]\npaths:\n", StringComparison.Ordinal);

    private static string NodeName(int i) => "node-" + (char)('a' + i);

    private static async Task<ClusterWindow> MeasureAsync(ClusterOptions options, List<BrokerHost> hosts, string clip, TextWriter log)
    {
        var n = hosts.Count;
        var ports = new List<BrokerPorts>();
        foreach (var host in hosts)
        {
            ports.Add(await BrokerPorts.ReadAsync(host));
        }

        await using var publisher = SourceClip.Publish(clip, "flv", $"rtmp://127.0.0.1:{ports[0].Rtmp}/{StreamPath}", options.PublisherCpus);
        using var http = ReaderKinds.CreateHttpClient();
        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        var protos = options.Proto.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kinds = ports.Select(p => protos.Select(proto => ReaderKinds.For(proto, p, StreamPath, http, srt)).ToArray()).ToArray();

        // The owner first, then each edge: an edge's first reader starts its pull from the owner.
        for (var i = 0; i < n; i++)
        {
            await FanoutRunner.WaitForMediaAsync(kinds[i][0], publisher, log);
            log.WriteLine($"{NodeName(i)} (pid {hosts[i].Process.Id}) serves {StreamPath}");
        }

        // Publisher and pulls only, before the readers: what the readers' share is measured against.
        var pids = hosts.Select(h => h.Process.Id).ToArray();
        var idleCores = await ReaderFleet.IdleCoresAsync(pids, IdleWindow);

        // Reader i goes to node i mod n, taking the protocols in turn on each node.
        using var fleet = await ReaderFleet.StartAsync(options.Readers, options.RampPerSecond, i => kinds[i % n][i / n % protos.Length]);
        log.WriteLine($"{options.Readers} {options.Proto} readers on {n} nodes started in {fleet.RampTime.TotalSeconds:F1} s; warm-up {options.WarmupSeconds} s");
        await fleet.WarmUpAsync(options.WarmupSeconds);

        var inbound0 = new long[n];
        for (var i = 0; i < n; i++)
        {
            inbound0[i] = (await PathAsync(http, ports[i].Api)).InboundBytes;
        }

        var window = await fleet.MeasureAsync(pids, options.Seconds);
        var elapsed = window.Elapsed;
        var counters = fleet.Counters;
        var rss = hosts.Select(h => ProcStats.RssKib(h.Process.Id)).ToArray();
        var paths = new PathView[n];
        for (var i = 0; i < n; i++)
        {
            // Read before the readers stop: their sessions, and the edges' pulls, are still there.
            paths[i] = await PathAsync(http, ports[i].Api);
        }

        var loadEnd = LoadAverage();
        await fleet.StopAsync();

        var ownerKbps = (paths[0].InboundBytes - inbound0[0]) * 8 / elapsed.TotalSeconds / 1000;
        var rtspReaders = protos.Any(p => p.StartsWith("rtsp", StringComparison.Ordinal));
        var nodes = new List<ClusterNodeResult>();
        for (var i = 0; i < n; i++)
        {
            var mine = Enumerable.Range(0, options.Readers).Where(r => r % n == i).ToArray();
            var kbps = mine.Select(r => window.ReaderKbps[r]).ToArray();
            var cores = window.Cores(i);
            var inboundKbps = (paths[i].InboundBytes - inbound0[i]) * 8 / elapsed.TotalSeconds / 1000;
            nodes.Add(new ClusterNodeResult
            {
                Name = NodeName(i),
                Role = i == 0 ? "owner" : "edge",
                Readers = mine.Length,
                Cores = Math.Round(cores, 3),
                IdleCores = Math.Round(idleCores[i], 3),
                CpuMsPerSecPerReader = Math.Round(cores * 1000 / mine.Length, 3),
                MarginalCpuMsPerSecPerReader = Math.Round((cores - idleCores[i]) * 1000 / mine.Length, 3),
                RssMib = Math.Round(rss[i] / 1024.0, 1),
                InboundKbps = Math.Round(inboundKbps, 0),
                InboundPerStream = ownerKbps > 0 ? Math.Round(inboundKbps / ownerKbps, 2) : 0,
                Source = paths[i].SourceType,
                // The pulls are RTSP sessions among the owner's readers; the run's own RTSP readers would be counted too.
                PullsServed = i == 0 && !rtspReaders ? paths[i].ReaderTypes.Count(t => t == "rtspSession") : null,
                MeanReaderKbps = Math.Round(kbps.Average(), 0),
                MinReaderKbps = Math.Round(kbps.Min(), 0),
                WithoutMedia = mine.Count(r => counters[r].Bytes == 0),
                Stalled = mine.Count(r => counters[r].MaxGap() > StallThreshold),
                Failed = mine.Count(r => counters[r].Error is not null),
                FirstError = mine.Select(r => counters[r].Error).FirstOrDefault(e => e is not null),
            });
        }

        return new ClusterWindow(elapsed.TotalSeconds, loadEnd, nodes);
    }

    /// <summary>The path as a node's API shows it: bytes received, the source's type and the readers' types.</summary>
    private static async Task<PathView> PathAsync(HttpClient http, int apiPort)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/v3/paths/get/{StreamPath}"));
        using var response = await http.GetAsync(uri).WaitAsync(TimeSpan.FromSeconds(20));
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(body);
        var root = doc.RootElement;
        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("type", out var t)
            ? t.GetString() ?? ""
            : "";
        var readers = root.TryGetProperty("readers", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.TryGetProperty("type", out var rt) ? rt.GetString() ?? "" : "").ToList()
            : [];
        return new PathView(root.GetProperty("inboundBytes").GetInt64(), source, readers);
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private sealed record PathView(long InboundBytes, string SourceType, IReadOnlyList<string> ReaderTypes);

    private sealed record ClusterWindow(double Seconds, double LoadAverageEnd, IReadOnlyList<ClusterNodeResult> Nodes);
}
