using System.Globalization;
using System.Text.Json;
using MediaBroker.Record;

namespace MediaBroker.Tests.Record;

/// <summary>Finds and checks the segment files a broker recorded: names, start times, and what ffprobe decodes.</summary>
internal static class RecordFiles
{
    public const string Template = "./recordings/%path/%Y-%m-%d_%H-%M-%S-%f";

    public static string Yaml(string format, string extra = "", string segmentDuration = "1h", string partDuration = "500ms") =>
        BrokerProcess.LoopbackListeners + $"""
        paths:
          all_others:
            record: yes
            recordPath: {Template}
            recordFormat: {format}
            recordPartDuration: {partDuration}
            recordSegmentDuration: {segmentDuration}
            recordDeleteAfter: 0s
        {extra}
        """;

    /// <summary>The segments of <paramref name="path"/> in start order, with the start time their names carry.</summary>
    public static IReadOnlyList<(string File, DateTime Start)> List(BrokerProcess broker, string path, string format)
    {
        var template = new RecordPathTemplate(Template, format);
        var dir = Path.Combine(broker.Directory, "recordings", path);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.GetFiles(dir)
            .Select(f => (File: f, Ok: template.TryParse("./recordings/" + path + "/" + Path.GetFileName(f), out var name, out var start), Name: name, Start: start))
            .Where(x => x.Ok && x.Name == path)
            .Select(x => (x.File, x.Start))
            .OrderBy(x => x.Start)];
    }

    /// <summary>Decodes the whole file with ffprobe: the codec names, the frames read and the container's duration.</summary>
    public static async Task<Probe> ProbeAsync(string file)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames:format=duration,start_time", "-of", "json", file,
        ]);
        var code = await p.WaitForExitAsync(MediaTools.ProbeTimeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"ffprobe {file} failed ({code}):\n{p.Output}");
        }

        var json = p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var doc = JsonDocument.Parse(json);
        var streams = doc.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => (Codec: s.GetProperty("codec_name").GetString()!,
                Frames: s.TryGetProperty("nb_read_frames", out var n) && int.TryParse(n.GetString(), out var f) ? f : 0))
            .ToList();
        var format = doc.RootElement.GetProperty("format");
        var duration = format.TryGetProperty("duration", out var d) ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : 0;
        var startTime = format.TryGetProperty("start_time", out var st) ? double.Parse(st.GetString()!, CultureInfo.InvariantCulture) : 0;
        return new Probe([.. streams.Select(s => s.Codec)], streams.Sum(s => s.Frames), duration, startTime, p.Output);
    }

    /// <summary>Polls <paramref name="condition"/> until true or the deadline (no fixed sleeps).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(100);
        }
    }
}

internal sealed record Probe(IReadOnlyList<string> Codecs, int Frames, double Duration, double StartTime, string Output);
