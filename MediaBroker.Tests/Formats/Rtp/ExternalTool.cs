using System.Diagnostics;

namespace MediaBroker.Tests.Formats.Rtp;

/// <summary>Runs ffmpeg/ffprobe with a timeout, killing the child if it hangs.</summary>
internal static class ExternalTool
{
    public static string Run(string tool, string arguments, int timeoutMs = 20000)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {arguments} timed out");
        }

        return stdout.Result + stderr.Result;
    }
}
