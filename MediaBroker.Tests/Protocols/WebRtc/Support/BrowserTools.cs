using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>Finds node, Chromium and tests-tools/node_modules (installed by CI with <c>npm ci</c>).</summary>
internal static class BrowserTools
{
    public const string Chromium = "/usr/bin/chromium";

    public const string Firefox = "/usr/bin/firefox-esr";

    public static string? ToolsDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests-tools");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static string? Node => new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);

    /// <summary>Null when everything is there, else what is missing.</summary>
    public static string? Missing()
    {
        if (!File.Exists(Chromium))
        {
            return "Chromium (apt-get install chromium)";
        }

        if (Node is null)
        {
            return "node (apt-get install nodejs npm)";
        }

        if (ToolsDirectory is not { } tools || !Directory.Exists(Path.Combine(tools, "node_modules", "playwright-core")))
        {
            return "playwright-core (cd tests-tools && npm ci)";
        }

        return null;
    }

    /// <summary>Null when Firefox ESR, node and puppeteer-core are there, else what is missing.</summary>
    public static string? MissingFirefox()
    {
        if (!File.Exists(Firefox))
        {
            return "Firefox ESR (apt-get install firefox-esr)";
        }

        if (Node is null)
        {
            return "node (apt-get install nodejs npm)";
        }

        if (ToolsDirectory is not { } tools || !Directory.Exists(Path.Combine(tools, "node_modules", "puppeteer-core")))
        {
            return "puppeteer-core (cd tests-tools && npm ci)";
        }

        return null;
    }
}

/// <summary>A fact that needs Chromium + node + playwright-core: skipped on a laptop without them, failed on CI (CI=true).</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (BrowserTools.Missing() is { } missing && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs " + missing;
        }
    }
}

/// <summary>A fact that needs Firefox ESR + node + puppeteer-core: skipped on a laptop without them, failed on CI (CI=true).</summary>
internal sealed class FirefoxFactAttribute : FactAttribute
{
    public FirefoxFactAttribute()
    {
        if (BrowserTools.MissingFirefox() is { } missing && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs " + missing;
        }
    }
}
