using System.Text.Json;

namespace MediaBroker.Tests;

/// <summary>Real clients for interop tests: an ffmpeg publisher of a synthetic stream and ffprobe to check what a reader gets.</summary>
internal static class MediaTools
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A live 320x240 25 fps H264 + AAC publisher (one key frame per second) that runs until disposed.</summary>
    public static ExternalProcess PublishH264Aac(string format, string url, int seconds = 60, params string[] extraOutputArgs) =>
        ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", .. extraOutputArgs, "-f", format, url,
        ]);

    /// <summary>Runs ffprobe on <paramref name="url"/> counting frames; returns the streams it found.</summary>
    public static async Task<IReadOnlyList<ProbedStream>> ProbeAsync(string url, int readSeconds = 2, params string[] inputArgs)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", .. inputArgs, "-read_intervals", $"%+{readSeconds}", "-count_frames",
            "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels,nb_read_frames", "-of", "json", url,
        ]);
        var code = await p.WaitForExitAsync(ProbeTimeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"ffprobe {url} failed ({code}):\n{p.Output}");
        }

        var json = p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_type").GetString()!,
            s.TryGetProperty("codec_name", out var c) ? c.GetString()! : "",
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            s.TryGetProperty("sample_rate", out var r) ? int.Parse(r.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0,
            s.TryGetProperty("nb_read_frames", out var n) && int.TryParse(n.GetString(), out var frames) ? frames : 0))];
    }

    /// <summary>Probes until it succeeds (the publisher may still be connecting) or the deadline passes.</summary>
    public static async Task<IReadOnlyList<ProbedStream>> ProbeWhenReadyAsync(string url, TimeSpan timeout, int readSeconds = 2, params string[] inputArgs)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await ProbeAsync(url, readSeconds, inputArgs);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(300);
            }
        }
    }
}

internal sealed record ProbedStream(string Type, string Codec, int Width, int Height, int SampleRate, int Frames);
