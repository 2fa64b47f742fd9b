using System.Globalization;
using System.Text.Json;
using FluentAssertions;

namespace MediaBroker.Tests.Streams.Files;

/// <summary>Short clips made by ffmpeg for file-source tests, and ffprobe readings of what a reader got.</summary>
internal static class FileClips
{
    public const int Fps = 25;
    public const int Seconds = 3;

    /// <summary>320x240 25 fps H264 (a key frame a second; B-frames only when asked) + 44.1 kHz stereo AAC, in the container of the extension.</summary>
    public static async Task<string> MakeAsync(string dir, string name, int bFrames = 0)
    {
        var file = Path.Combine(dir, name);
        await using var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={Fps}", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", Seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-g", Fps.ToString(CultureInfo.InvariantCulture),
            "-bf", bFrames.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", file,
        ]);
        (await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, ffmpeg.Output);
        return file;
    }

    /// <summary>
    /// Reads <paramref name="url"/> to its end (or for <paramref name="readSeconds"/>) with ffprobe, counting frames;
    /// returns the streams, or throws with ffprobe's output when it fails.
    /// </summary>
    public static async Task<IReadOnlyList<ProbedStream>> ProbeAllAsync(string url, int? readSeconds = null, params string[] inputArgs)
    {
        string[] interval = readSeconds is { } s ? ["-read_intervals", $"%+{s}"] : [];
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", .. inputArgs, .. interval, "-count_frames",
            "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels,nb_read_frames", "-of", "json", url,
        ]);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"ffprobe {url} failed ({code}):\n{p.Output}");
        }

        var json = p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("streams").EnumerateArray().Select(e => new ProbedStream(
            e.GetProperty("codec_type").GetString()!,
            e.TryGetProperty("codec_name", out var c) ? c.GetString()! : "",
            e.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            e.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            e.TryGetProperty("sample_rate", out var r) ? int.Parse(r.GetString()!, CultureInfo.InvariantCulture) : 0,
            e.TryGetProperty("nb_read_frames", out var n) && int.TryParse(n.GetString(), out var frames) ? frames : 0))];
    }

    /// <summary>The decode times in seconds of the video packets ffprobe reads from <paramref name="url"/> in <paramref name="readSeconds"/>.</summary>
    public static async Task<IReadOnlyList<double>> VideoDtsAsync(string url, int readSeconds, params string[] inputArgs)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", .. inputArgs, "-read_intervals", $"%+{readSeconds}", "-select_streams", "v",
            "-show_entries", "packet=dts_time", "-of", "json", url,
        ]);
        (await p.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, p.Output);
        using var doc = JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
        return [.. doc.RootElement.GetProperty("packets").EnumerateArray()
            .Where(e => e.TryGetProperty("dts_time", out _))
            .Select(e => double.Parse(e.GetProperty("dts_time").GetString()!, CultureInfo.InvariantCulture))];
    }
}
