using Xunit;

namespace MediaBroker.Tests;

/// <summary>
/// A fact that runs ffmpeg and nginx with the RTMP module (Debian nginx-light + libnginx-mod-rtmp): skipped with the
/// reason when they are missing on a laptop, and run (so failed) on CI (CI=true), where .ci/run installs them.
/// </summary>
internal sealed class RequiresNginxRtmpFactAttribute : FactAttribute
{
    public const string NginxPath = "/usr/sbin/nginx";
    public const string ModulePath = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    public RequiresNginxRtmpFactAttribute()
    {
        var present = File.Exists(NginxPath) && File.Exists(ModulePath) && File.Exists(RequiresFfmpegFactAttribute.FfmpegPath);
        if (!present && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs ffmpeg and nginx with the RTMP module (apt-get install ffmpeg nginx-light libnginx-mod-rtmp)";
        }
    }
}
