using Xunit;

namespace MediaBroker.Tests;

/// <summary>
/// A fact that runs the published single-file executable named by <c>MEDIABROKER_SINGLE_FILE</c> (.ci/run publishes it
/// before the tests: the publish needs the NuGet feed, the tests run without network). Skipped with the reason when the
/// variable is not set outside CI; on CI it runs, so a missing file fails.
/// </summary>
internal sealed class RequiresSingleFileFactAttribute : FactAttribute
{
    public const string Variable = "MEDIABROKER_SINGLE_FILE";

    public RequiresSingleFileFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"needs the published single file: dotnet publish MediaBroker -c Release -r linux-x64 -p:PublishSingleFile=true -o dist, then {Variable}=dist/mediabroker";
        }
        else if (!File.Exists(RequiresFfmpegFactAttribute.FfmpegPath)
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs ffmpeg (apt-get install ffmpeg)";
        }
    }

    /// <summary>The executable's full path; throws with the reason when it is not there.</summary>
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException($"{Variable} does not name a file ('{path}'): run .ci/run, which publishes it");
            }

            return System.IO.Path.GetFullPath(path);
        }
    }
}
