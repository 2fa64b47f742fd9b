using System.Globalization;
using System.Net.Http;

namespace MediaBroker.Bench;

/// <summary>One sample of the broker: /proc (RSS, fds, sockets, threads) and its /metrics (GC heap, paths, readers).</summary>
internal sealed record SoakSample(double Seconds, double RssMib, double GcHeapMib, int Fds, int Sockets, int Threads, int Paths, int Readers)
{
    public static readonly string[] SeriesNames = ["rssMib", "gcHeapMib", "fds", "sockets", "threads", "paths"];

    public double Series(string name) => name switch
    {
        "rssMib" => RssMib,
        "gcHeapMib" => GcHeapMib,
        "fds" => Fds,
        "sockets" => Sockets,
        "threads" => Threads,
        "paths" => Paths,
        _ => throw new ArgumentException(name),
    };

    public static async Task<SoakSample> TakeAsync(HttpClient http, int pid, int metricsPort, double seconds, CancellationToken ct)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        var fds = 0;
        var sockets = 0;
        foreach (var fd in new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos())
        {
            fds++;
            try
            {
                sockets += fd.LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true ? 1 : 0;
            }
            catch (IOException)
            {
                // Closed between the listing and the readlink.
            }
        }

        return new SoakSample(
            Math.Round(seconds, 1),
            Math.Round(ProcStats.RssKib(pid) / 1024.0, 1),
            Math.Round(Metric(text, "mediabroker_gc_heap_bytes") / (1024.0 * 1024), 1),
            fds,
            sockets,
            ProcStats.Threads(pid),
            (int)Metric(text, "mediabroker_paths"),
            (int)Metric(text, "mediabroker_readers"));
    }

    /// <summary>The value of an unlabelled series in Prometheus text.</summary>
    public static double Metric(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"/metrics has no {name}");
    }
}
