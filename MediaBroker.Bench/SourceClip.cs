namespace MediaBroker.Bench;

/// <summary>The pre-encoded source: encoded once into /tmp, then published looped with -c copy so the publisher costs little CPU.</summary>
internal static class SourceClip
{
    public const double SourceKbps = 2000 + 128;

    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "mediabroker-bench-720p30.mp4");

    /// <summary>720p30 H.264 ~2 Mbit/s, GOP 2 s, no B-frames, + AAC 128 kbit/s, 15 s.</summary>
    public static async Task<string> EnsureAsync(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length > 100_000)
        {
            return path;
        }

        var temp = path + ".part.mp4";
        await using var ffmpeg = ChildProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-y", "-v", "error",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", "15", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-b:v", "2M", "-maxrate", "2M", "-bufsize", "2M", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-movflags", "+faststart", temp,
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!ffmpeg.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        if (!File.Exists(temp) || new FileInfo(temp).Length < 100_000)
        {
            throw new InvalidOperationException("ffmpeg failed to encode the source clip: " + ffmpeg.Output());
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>ffmpeg publishing the clip forever at its native rate; format "flv" (RTMP) or "rtsp".</summary>
    public static ChildProcess Publish(string clip, string format, string url, string? cpus)
    {
        List<string> args = ["-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip, "-c", "copy", "-f", format];
        if (format == "rtsp")
        {
            args.AddRange(["-rtsp_transport", "tcp"]);
        }

        args.Add(url);
        return ChildProcess.Start("/usr/bin/ffmpeg", args, cpus);
    }
}
