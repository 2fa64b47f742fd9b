using Xunit;

namespace MediaBroker.Tests;

/// <summary>The theory form of <see cref="RequiresFfmpegFactAttribute"/>: skipped without ffmpeg, except on CI.</summary>
internal sealed class RequiresFfmpegTheoryAttribute : TheoryAttribute
{
    public RequiresFfmpegTheoryAttribute()
    {
        if (!File.Exists(RequiresFfmpegFactAttribute.FfmpegPath)
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs ffmpeg (apt-get install ffmpeg)";
        }
    }
}
