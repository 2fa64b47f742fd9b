using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Bench;

/// <summary>Renders latency results as a markdown table and as JSON.</summary>
internal static class LatencyReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Markdown(IEnumerable<LatencyResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| pair | readers | window s | frames sent | samples | p50 ms | p90 ms | p99 ms | max ms | p99 key / other frames ms | fan-out spread p50 / p99 ms | UDP kernel-rx p50 / p99 ms | broker cores | broker µs CPU per delivered frame | tool cores | publisher max write ms | readers w/o samples |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Pair} | {r.Readers} | {r.WindowSeconds:F1} | {r.FramesSent} | {r.Samples} | {r.P50Ms:F2} | {r.P90Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F2} | {r.P99KeyFramesMs:F2} / {r.P99OtherFramesMs:F2} | {Pair(r.SpreadP50Ms, r.SpreadP99Ms)} | {Pair(r.KernelP50Ms, r.KernelP99Ms)} | {r.BrokerCores:F3} | {r.BrokerUsPerDeliveredFrame:F1} | {r.ToolCores:F3} | {r.PublisherMaxWriteMs:F2} | {r.ReadersWithoutSamples} |");
        }

        return sb.ToString();
    }

    private static string Pair(double? a, double? b) =>
        a is { } x && b is { } y ? string.Create(CultureInfo.InvariantCulture, $"{x:F2} / {y:F2}") : "–";

    public static string Json(IEnumerable<LatencyResult> results) => JsonSerializer.Serialize(results.ToList(), JsonOptions);

    /// <summary>Nearest-rank percentile of sorted values (0 when there are none).</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
