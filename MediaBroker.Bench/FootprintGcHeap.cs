using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>The GC's own figures from the broker's <c>/debug/pprof/heap</c> report (pprof on).</summary>
internal static class FootprintGcHeap
{
    public static string Config => BrokerHost.Config.Replace("api: yes\n", "api: yes\npprof: yes\n", StringComparison.Ordinal);

    /// <summary>Heap size after the last GC and committed bytes, in MiB.</summary>
    public static async Task<(double Heap, double Committed)> ReadAsync(HttpClient http, int port)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/debug/pprof/heap"));
        double heap = 0, committed = 0;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                if (parts[0] == "heap_size_bytes")
                {
                    heap = value;
                }
                else if (parts[0] == "committed_bytes")
                {
                    committed = value;
                }
            }
        }

        return (Math.Round(heap / (1024 * 1024), 1), Math.Round(committed / (1024 * 1024), 1));
    }
}
