using Xunit;

namespace MediaBroker.Tests;

/// <summary>
/// A fact that runs ffmpeg: skipped with the reason on a laptop without it, and run (so failed) on CI (CI=true), where
/// .ci/run installs ffmpeg and counts a skipped test as a failure.
/// </summary>
internal sealed class RequiresFfmpegFactAttribute : FactAttribute
{
    public const string FfmpegPath = "/usr/bin/ffmpeg";

    public RequiresFfmpegFactAttribute()
    {
        if (!File.Exists(FfmpegPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs ffmpeg (apt-get install ffmpeg)";
        }
    }
}
