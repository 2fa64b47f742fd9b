using Xunit;

namespace MediaBroker.Tests;

/// <summary>
/// A fact that runs ffmpeg and nginx (Debian nginx-light): skipped with the reason on a laptop without them, and run (so
/// failed) on CI (CI=true), where .ci/run installs both.
/// </summary>
internal sealed class RequiresNginxFactAttribute : FactAttribute
{
    public const string NginxPath = "/usr/sbin/nginx";

    public RequiresNginxFactAttribute()
    {
        var present = File.Exists(NginxPath) && File.Exists(RequiresFfmpegFactAttribute.FfmpegPath);
        if (!present && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs ffmpeg and nginx (apt-get install ffmpeg nginx-light)";
        }
    }
}
