using System.Diagnostics;

namespace MediaBroker.Tests.Formats.MpegTs;

/// <summary>Runs ffprobe/ffmpeg with a timeout; the child is killed if it overruns.</summary>
internal static class TsExternalTool
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string exe, string arguments, TimeSpan? timeout = null)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(exe, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {arguments} did not finish in time");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>ffprobe's per-stream facts as "key=value" lines, one stream per entry.</summary>
    public static List<Dictionary<string, string>> ProbeStreams(string file)
    {
        var (code, stdout, stderr) = Run(
            "ffprobe",
            $"-v error -count_frames -show_entries stream=codec_name,width,height,sample_rate,channels,nb_read_frames -of compact=p=0:nk=0 \"{file}\"");
        if (code != 0)
        {
            throw new InvalidOperationException("ffprobe failed: " + stderr);
        }

        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|').Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]))
            .ToList();
    }
}
