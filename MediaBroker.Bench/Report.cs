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
                $"| {r.Proto} | {r.Readers} | {r.BrokerCores:F3} | {r.IdleBrokerCores:F3} | {r.CpuMsPerSecPerReader:F3} | {r.MarginalCpuMsPerSecPerReader:F3} | {r.RssMib:F1} | {r.IdleRssMib:F1} | {r.RssKibPerReader:F1} | {r.Stalled} | {r.Failed} | {r.MeanReaderKbps:F0} / {r.MinReaderKbps:F0} ({r.SourceKbps:F0}) | {r.MessagesPerSecPerReader:F1} | {r.ToolCores:F3} | {OrDash(r.BrokerDrops)} | {OrDash(r.BrokerClosed)} |");
        }

        return sb.ToString();
    }

    public static string Markdown(IEnumerable<ChurnResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| proto | connections | concurrency | seconds | conn/s | failures | broker CPU ms per conn | RSS MiB baseline / peak / after last / end | RSS growth KiB per 1000 (after first 1000) | sessions / path readers left | RSS MiB every 1000 |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Proto} | {r.Connections} | {r.Concurrency} | {r.Seconds:F1} | {r.ConnectionsPerSec:F1} | {r.Failures} | {r.BrokerCpuMsPerConnection:F3} | {r.RssBaselineMib:F1} / {r.RssPeakMib:F1} / {r.RssAfterLastMib:F1} / {r.RssEndMib:F1} | {r.RssGrowthKibPer1000:F1} ({r.RssGrowthKibPer1000AfterWarmup:F1}) | {r.BrokerSessionsLeft} / {r.PathReadersLeft} | {string.Join(' ', r.RssSamplesMib.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        return sb.ToString();
    }

    public static string Markdown(IEnumerable<PublishersResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| reader proto | streams | broker cores | empty cores | CPU ms/s per stream | RSS MiB | empty RSS MiB | RSS KiB per stream | stalled | failed | broker drops | kbit/s per reader mean / min (source) | publishers' cores | tool cores |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Proto} | {r.Streams} | {r.BrokerCores:F3} | {r.EmptyBrokerCores:F3} | {r.CpuMsPerSecPerStream:F3} | {r.RssMib:F1} | {r.EmptyRssMib:F1} | {r.RssKibPerStream:F1} | {r.Stalled} | {r.Failed} | {OrDash(r.BrokerDrops)} | {r.MeanReaderKbps:F0} / {r.MinReaderKbps:F0} ({r.SourceKbps:F0}) | {r.PublisherCores:F3} | {r.ToolCores:F3} |");
        }

        return sb.ToString();
    }

    public static string Markdown(IEnumerable<IngestAllocResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| proto | seconds | frames | broker bytes allocated | idle B/s | B per frame | B/s per stream | media B per frame | reader msgs | reader bytes |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Proto} | {r.SteadySeconds:F1} | {r.Frames} | {r.AllocatedBytes} | {r.IdleBytesPerSecond:F0} | {r.BytesPerFrame:F0} | {r.BytesPerSecond:F0} | {r.MediaBytesPerFrame:F0} | {r.ReaderMessages} | {r.ReaderBytes} |");
        }

        return sb.ToString();
    }

    public static string Markdown(IEnumerable<RecordResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| streams | format / segment / part | window s | broker cores off / on | record ms/s per stream | broker ms/s per stream (on) | written KiB/s | written kbit/s per stream (source) | files | stream-hours | RSS MiB start / max / end | RSS slope MiB/min | ready before on / at end | publishers exited | broker warnings | publishers' cores |");
        sb.AppendLine("| ---: | --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Streams} | {r.Format} / {r.Segment} / {r.Part} | {r.WindowSeconds:F1} | {r.OffCores:F3} / {r.OnCores:F3} | {r.RecordMsPerSecPerStream:F3} | {r.OnMsPerSecPerStream:F3} | {r.WrittenKibPerSec:F0} | {r.WrittenKbpsPerStream:F0} ({r.SourceKbps:F0}) | {r.FilesCreated} | {r.RecordedHours:F2} | {r.RssStartMib:F1} / {r.RssMaxMib:F1} / {r.RssEndMib:F1} | {r.RssSlopeMibPerMin:F2} | {r.ReadyBeforeOn} / {r.ReadyAtEnd} | {r.PublishersExited} | {r.BrokerWarnings} | {r.PublisherCores:F3} |");
        }

        return sb.ToString();
    }

    public static string Markdown(IEnumerable<FootprintResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| phase | readers | RSS MiB | anon MiB | file MiB | shmem MiB | threads | RSS KiB per reader | anon KiB per reader | GC heap / committed MiB | failed |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Phase}{(r.MarginalFrom is { } from ? $" (per reader: beyond {from})" : "")} | {r.Readers} | {r.RssMib:F1} | {r.AnonMib:F1} | {r.FileMib:F1} | {r.ShmemMib:F1} | {r.Threads} | {(r.RssKibPerReader is { } kib ? kib.ToString("F1", CultureInfo.InvariantCulture) : "–")} | {(r.AnonKibPerReader is { } anon ? anon.ToString("F1", CultureInfo.InvariantCulture) : "–")} | {(r.GcHeapMib is { } heap ? string.Create(CultureInfo.InvariantCulture, $"{heap:F1} / {r.GcCommittedMib:F1}") : "–")} | {r.Failed} |");
        }

        return sb.ToString();
    }

    public static string Markdown(SoakResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Soak: {r.Minutes} min ({r.WarmupMinutes} min warm-up), {r.Paths} paths, {r.Readers} readers, {r.Samples.Count} samples");
        sb.AppendLine();
        sb.AppendLine("| series | start | after warm-up | end | max | slope per min | growth over window (bound) | flat |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var s in r.Series)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Start} | {s.Warm} | {s.End} | {s.Max} | {s.SlopePerMinute:F3} | {s.GrowthOverWindow:F2} ({s.Bound:F2}) | {(s.Flat ? "yes" : "NO")} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Events: {string.Join(", ", r.Events.Select(kv => $"{kv.Key} {kv.Value}"))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Broker error/Unhandled lines: {r.BrokerErrorLines}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Stable readers: max gap {(r.StableReaders.Count == 0 ? 0 : r.StableReaders.Max(g => g.MaxGapSeconds))} s (limit {r.MaxGapLimitSeconds} s) over {r.StableReaders.Count} readers");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Stalls: {r.Stalls}; the stalled path's healthy readers' latency p50/p99 {r.LatencyP50BeforeMs}/{r.LatencyP99BeforeMs} ms before ({r.LatencySamplesBefore} frames), {r.LatencyP50DuringMs}/{r.LatencyP99DuringMs} ms during ({r.LatencySamplesDuring} frames); other paths during: {r.ControlP50DuringMs}/{r.ControlP99DuringMs} ms ({r.ControlSamplesDuring} frames)");
        sb.AppendLine(r.Failures.Count == 0 ? "All checks held." : "FAILED: " + string.Join("; ", r.Failures));
        return sb.ToString();
    }

    public static string Markdown(StallsResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{r.HealthyReadersPerPath} healthy readers per path (RTMP and RTSP/TCP); bound: during p99 ≤ max(before p99, control p99) + {r.BoundMs} ms; load average {r.LoadAverageStart} → {r.LoadAverageEnd}");
        sb.AppendLine();
        sb.AppendLine("| kind | proof of the stall | broker listed / still at end / gone after s | read latency p50/p99 ms before | during | control | publisher send delay p50/p99 ms before | during | control | pass |");
        sb.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var k in r.Kinds)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {k.Kind} | {k.Proof ?? k.Error ?? "none"} | {k.BrokerListed} / {k.StillListedAtEnd} / {(k.GoneAfterSeconds is { } g ? g.ToString("F1", CultureInfo.InvariantCulture) : "–")} | {Phase(k.ReadBefore)} | {Phase(k.ReadDuring)} | {Phase(k.ReadControl)} | {Phase(k.SendBefore)} | {Phase(k.SendDuring)} | {Phase(k.SendControl)} | {(k.Failures.Count == 0 ? "yes" : "**no**")} |");
        }

        foreach (var f in r.Failures)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- FAIL {f}");
        }

        return sb.ToString();
    }

    private static string Phase(StallPhase p) => string.Create(CultureInfo.InvariantCulture, $"{p.P50Ms:F1} / {p.P99Ms:F1}");

    public static string Json<T>(IEnumerable<T> results) => JsonSerializer.Serialize(results.ToList(), JsonOptions);

    /// <summary>A count the run could not read (an external server's, HLS's closed readers) is a dash, not a zero.</summary>
    private static string OrDash(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "–";
}
