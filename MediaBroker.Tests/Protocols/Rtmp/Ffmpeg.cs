using System.Text.RegularExpressions;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>ffmpeg command lines used by the interop tests.</summary>
internal static partial class Ffmpeg
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>A live H264 + AAC publisher (real time, 1 key frame per second) that runs until killed.</summary>
    public static ToolProcess Publish(string url, int seconds = 30) => ToolProcess.Start("/usr/bin/ffmpeg",
        "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", url);

    /// <summary>Reads <paramref name="frames"/> video frames and exits.</summary>
    public static ToolProcess Read(string url, int frames) => ToolProcess.Start("/usr/bin/ffmpeg",
        "-hide_banner", "-rw_timeout", "15000000", "-i", url, "-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "null", "-");

    public static int FramesDecoded(string stderr)
    {
        var matches = FrameRegex().Matches(stderr);
        return matches.Count == 0 ? 0 : int.Parse(matches[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"frame=\s*(\d+)")]
    private static partial Regex FrameRegex();
}
