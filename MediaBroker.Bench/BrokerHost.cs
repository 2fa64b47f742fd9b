using System.Globalization;
using System.Text.RegularExpressions;

namespace MediaBroker.Bench;

/// <summary>The built broker executable in a temporary directory, every listener on 127.0.0.1:0, ports read from its log.</summary>
internal sealed partial class BrokerHost : IAsyncDisposable
{
    /// <summary>Variables named with this prefix are passed to the broker without it (e.g. <c>..._DOTNET_GCConserveMemory=7</c>).</summary>
    public const string EnvironmentPrefix = "MEDIABROKER_BENCH_BROKER_";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;

    private BrokerHost(string directory, ChildProcess process)
    {
        _directory = directory;
        Process = process;
    }

    public ChildProcess Process { get; }

    /// <summary>The broker's config file (watched: rewriting it reloads the broker).</summary>
    public string ConfigPath => Path.Combine(_directory, "mediabroker.yml");

    public static string Config => """
        logLevel: info
        api: yes
        rtspAddress: 127.0.0.1:0
        rtspsAddress: 127.0.0.1:0
        rtpAddress: 127.0.0.1:0
        rtcpAddress: 127.0.0.1:0
        rtmpAddress: 127.0.0.1:0
        rtmpsAddress: 127.0.0.1:0
        hlsAddress: 127.0.0.1:0
        webrtcAddress: 127.0.0.1:0
        webrtcLocalUDPAddress: 127.0.0.1:0
        srtAddress: 127.0.0.1:0
        apiAddress: 127.0.0.1:0
        metricsAddress: 127.0.0.1:0
        playbackAddress: 127.0.0.1:0
        pprofAddress: 127.0.0.1:0
        paths:
          all_others:

        """;

    /// <summary><see cref="Config"/> with every path's <c>readerBatchDuration</c> set, or null (the default config) for none.</summary>
    public static string? ConfigWithReaderBatch(string? readerBatchDuration) => readerBatchDuration is null
        ? null
        : Config.Replace("  all_others:\n", $"  all_others:\n    readerBatchDuration: {readerBatchDuration}\n", StringComparison.Ordinal);

    /// <summary>Finds mediabroker.dll: an explicit path, or the Release build next to this repository's solution.</summary>
    public static string LocateDll(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return Path.GetFullPath(explicitPath);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MediaBroker.sln")))
            {
                foreach (var config in new[] { "Release", "Debug" })
                {
                    var dll = Path.Combine(dir.FullName, "MediaBroker", "bin", config, "net10.0", "mediabroker.dll");
                    if (File.Exists(dll))
                    {
                        return dll;
                    }
                }
            }
        }

        throw new FileNotFoundException("mediabroker.dll not found; build MediaBroker.sln -c Release or pass --broker");
    }

    /// <summary>Starts the broker with <see cref="Config"/>, or with <paramref name="config"/> when a scenario needs other keys.</summary>
    public static async Task<BrokerHost> StartAsync(string dll, string? cpus, string? config = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mediabroker-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "mediabroker.yml"), config ?? Config);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string key && key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value is string value)
            {
                environment[key[EnvironmentPrefix.Length..]] = value;
            }
        }

        var host = new BrokerHost(dir, ChildProcess.Start("dotnet", [dll, "mediabroker.yml"], cpus, dir, environment));
        try
        {
            await host.Process.WaitForLineAsync(l => l.Contains("MediaBroker", StringComparison.Ordinal) && l.Contains(" started", StringComparison.Ordinal), StartTimeout);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>The port a server reported in its "&lt;Name&gt; listener opened on" line.</summary>
    public async Task<int> PortAsync(string serverName)
    {
        var line = await Process.WaitForLineAsync(l => l.Contains($"{serverName} listener opened on", StringComparison.Ordinal), StartTimeout);
        return int.Parse(EndPointPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a dying child may still hold a file.
        }
    }

    [GeneratedRegex(@"listener opened on \[?[0-9a-fA-F\.:]+?\]?:(\d+)")]
    private static partial Regex EndPointPattern();
}
