using System.Diagnostics;
using System.Text.Json.Nodes;
using MediaBroker.Api;
using MediaBroker.Core;
using MediaBroker.Net;

namespace MediaBroker.Dashboard;

/// <summary>
/// The overview's numbers (<c>/ui/api/stats</c>): uptime, version, the process's CPU and memory, totals of paths,
/// readers and bytes, and where each media server listens. CPU is the share of one core used since the previous
/// sample (at most one sample per second, shared by every viewer). The servers are asked for lazily: the API server
/// that serves these routes is one of them.
/// </summary>
internal sealed class DashboardStats(PathManager paths, IEnumerable<IApiResourceProvider> resources, Func<IEnumerable<IBrokerServer>> servers,
    TimeProvider time)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<IApiResourceProvider> _resources = [.. resources];
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly Lock _cpuLock = new();
    private long _lastSample = Stopwatch.GetTimestamp();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private double _cpuPercent;

    public JsonObject Build()
    {
        int total = 0, ready = 0, readers = 0;
        long bytesIn = 0;
        foreach (var path in paths.Paths)
        {
            total++;
            ready += path.Stream is null ? 0 : 1;
            readers += path.Readers.Count;
            bytesIn += path.InboundBytes;
        }

        var now = time.GetUtcNow();
        return new JsonObject
        {
            ["version"] = "v" + BrokerVersion.Current,
            ["started"] = ApiPathItem.Time(_started.UtcDateTime),
            ["uptimeSeconds"] = Math.Round((now - _started).TotalSeconds, 1),
            ["cpuPercent"] = Math.Round(SampleCpu(Environment.CpuUsage.TotalTime), 1),
            ["cpuCount"] = Environment.ProcessorCount,
            ["memoryBytes"] = Environment.WorkingSet,
            ["gcHeapBytes"] = GC.GetTotalMemory(false),
            ["paths"] = total,
            ["readyPaths"] = ready,
            ["readers"] = readers,
            ["bytesReceived"] = bytesIn,
            ["bytesSent"] = BytesSent(),
            ["listeners"] = Listeners(),
        };
    }

    /// <summary>Every session and connection of the enabled protocol resources, tagged with its resource name.</summary>
    public JsonArray Sessions()
    {
        var list = new JsonArray();
        foreach (var resource in _resources)
        {
            if (!resource.IsEnabled || resource.Name == "hlsmuxers")
            {
                continue;
            }

            foreach (var item in resource.List())
            {
                list.Add(new JsonObject
                {
                    ["resource"] = resource.Name,
                    ["canKick"] = resource.CanKick,
                    ["item"] = ApiResults.ToNode(item),
                });
            }
        }

        return list;
    }

    /// <summary>Sum of bytesSent over the current sessions (HLS muxers are not readers: their viewers are hlssessions).</summary>
    private long BytesSent()
    {
        long sum = 0;
        foreach (var resource in _resources)
        {
            if (!resource.IsEnabled || resource.Name == "hlsmuxers")
            {
                continue;
            }

            foreach (var item in resource.List())
            {
                if (ApiResults.ToNode(item) is JsonObject o && o["bytesSent"] is JsonValue v && v.TryGetValue<long>(out var n))
                {
                    sum += n;
                }
            }
        }

        return sum;
    }

    private JsonArray Listeners()
    {
        var list = new JsonArray();
        foreach (var server in servers())
        {
            foreach (var l in server.Listeners)
            {
                list.Add(new JsonObject
                {
                    ["protocol"] = l.Protocol,
                    ["scheme"] = l.Scheme,
                    ["address"] = l.EndPoint.Address.ToString(),
                    ["port"] = l.EndPoint.Port,
                });
            }
        }

        return list;
    }

    private double SampleCpu(TimeSpan cpu)
    {
        lock (_cpuLock)
        {
            var elapsed = Stopwatch.GetElapsedTime(_lastSample);
            if (elapsed >= SampleInterval)
            {
                _cpuPercent = (cpu - _lastCpu).TotalMilliseconds / elapsed.TotalMilliseconds * 100;
                _lastCpu = cpu;
                _lastSample = Stopwatch.GetTimestamp();
            }

            return _cpuPercent;
        }
    }
}
