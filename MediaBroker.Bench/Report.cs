using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Bench;

/// <summary>Renders results as a markdown table and as JSON.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Markdown(IEnumerable<FanoutResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| proto | readers | broker cores | idle cores | CPU ms/s per reader | marginal ms/s per reader | RSS MiB | idle RSS MiB | RSS KiB per reader | stalled | failed | kbit/s per reader mean / min (source) | msgs/s per reader | tool cores | broker drops | closed by broker |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Proto} | {r.Readers} | {r.BrokerCores:F3} | {r.IdleBrokerCores:F3} | {r.CpuMsPerSecPerReader:F3} | {r.MarginalCpuMsPerSecPerReader:F3} | {r.RssMib:F1} | {r.IdleRssMib:F1} | {r.RssKibPerReader:F1} | {r.Stalled} | {r.Failed} | {r.MeanReaderKbps:F0} / {r.MinReaderKbps:F0} ({r.SourceKbps:F0}) | {r.MessagesPerSecPerReader:F1} | {r.ToolCores:F3} | {r.BrokerDrops} | {(r.BrokerClosed is { } closed ? closed.ToString(CultureInfo.InvariantCulture) : "–")} |");
        }

        return sb.ToString();
    }

    public static string Json<T>(IEnumerable<T> results) => JsonSerializer.Serialize(results.ToList(), JsonOptions);
}
