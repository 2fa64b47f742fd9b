using System.Text.Json;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>What a reader decoded from one stream (ffprobe <c>-count_frames</c>).</summary>
internal sealed record ProbedStream(string CodecName, string CodecType, int Width, int Height, int Frames);

/// <summary>ffmpeg/ffprobe/GStreamer command lines used by the RTSP interop tests.</summary>
internal static class RtspClients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    [ThreadStatic]
    private static string? _lastLog;

    /// <summary>ffprobe's warnings of the last probe on this thread, for assertion messages.</summary>
    public static string? LastLog
    {
        get => _lastLog;
        private set => _lastLog = value;
    }

    /// <summary>Starts an ffmpeg publisher of a live test pattern (and optionally audio), encoded with the given codecs.</summary>
    public static ExternalProcess Publish(string url, string transport = "tcp", string video = "libx264", string? audio = "aac", params string[] extra)
    {
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25" };
        if (audio is not null)
        {
            args.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]);
        }

        args.AddRange(["-t", "30", "-c:v", video]);
        if (video == "libx264")
        {
            args.AddRange(["-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p"]);
        }
        else if (video == "libx265")
        {
            args.AddRange(["-preset", "ultrafast", "-x265-params", "keyint=25:log-level=error", "-pix_fmt", "yuv420p"]);
        }
        else if (video == "libvpx-vp9")
        {
            args.AddRange(["-strict", "experimental", "-deadline", "realtime", "-cpu-used", "8", "-g", "25", "-b:v", "300k"]);
        }
        else if (video == "mjpeg")
        {
            args.AddRange(["-pix_fmt", "yuvj420p", "-q:v", "8", "-huffman", "0"]); // RFC 2435 needs the standard tables
        }

        if (audio is not null)
        {
            args.AddRange(["-c:a", audio]);
            if (audio == "pcm_mulaw")
            {
                args.AddRange(["-ar", "8000", "-ac", "1"]);
            }
        }

        args.AddRange(extra);
        args.AddRange(["-f", "rtsp", "-rtsp_transport", transport, url]);
        return ExternalProcess.Start("/usr/bin/ffmpeg", args);
    }

    /// <summary>Reads a stream for a few seconds with ffprobe and returns what was decoded, per stream.</summary>
    public static async Task<IReadOnlyList<ProbedStream>> ProbeAsync(string url, string transport = "tcp", double seconds = 2)
    {
        var output = Path.Combine(Path.GetTempPath(), $"rtsp-probe-{Guid.NewGuid():N}.json");
        try
        {
            await using var probe = ExternalProcess.Start("/usr/bin/ffprobe",
            [
                "-v", "warning", "-rtsp_transport", transport, "-read_intervals", FormattableString.Invariant($"%+{seconds}"),
                "-count_frames", "-show_streams", "-of", "json", "-o", output, url,
            ]);
            var code = await probe.WaitForExitAsync(Timeout);
            if (code != 0)
            {
                throw new InvalidOperationException($"ffprobe failed ({code}): {probe.Output}");
            }

            var streams = Parse(await File.ReadAllTextAsync(output));
            LastLog = probe.Output;
            return streams;
        }
        finally
        {
            File.Delete(output);
        }
    }

    public static IReadOnlyList<ProbedStream> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<ProbedStream>();
        foreach (var s in doc.RootElement.GetProperty("streams").EnumerateArray())
        {
            list.Add(new ProbedStream(
                s.TryGetProperty("codec_name", out var n) ? n.GetString() ?? "" : "",
                s.TryGetProperty("codec_type", out var t) ? t.GetString() ?? "" : "",
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                s.TryGetProperty("nb_read_frames", out var f) && int.TryParse(f.GetString(), out var frames) ? frames : 0));
        }

        return list;
    }
}
