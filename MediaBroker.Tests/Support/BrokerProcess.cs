using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MediaBroker.Tests;

/// <summary>
/// The real broker executable running in a temporary directory with a config file the test writes.
/// Listeners are configured on 127.0.0.1:0 and their bound ports are read from the log.
/// </summary>
internal sealed partial class BrokerProcess : IAsyncDisposable
{
    private BrokerProcess(string directory, ExternalProcess process)
    {
        Directory = directory;
        Process = process;
    }

    public static TimeSpan StartTimeout { get; } = TimeSpan.FromSeconds(30);

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "mediabroker.yml");

    public ExternalProcess Process { get; }

    /// <summary>Keys every test config starts with: every listener on loopback with an ephemeral port, quiet defaults.</summary>
    public static string LoopbackListeners => """
        rtspAddress: 127.0.0.1:0
        rtspsAddress: 127.0.0.1:0
        rtpAddress: 127.0.0.1:0
        rtcpAddress: 127.0.0.1:0
        srtpAddress: 127.0.0.1:0
        srtcpAddress: 127.0.0.1:0
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

        """;

    /// <summary>
    /// Starts the broker built with the tests (<c>dotnet mediabroker.dll</c>), or <paramref name="executable"/> when given
    /// (e.g. the published single-file binary); inside the network namespace <paramref name="networkNamespace"/> when given
    /// (<see cref="NetworkNamespaces"/>; <c>ip netns exec</c> execs the broker, so killing the process kills the broker).
    /// </summary>
    public static async Task<BrokerProcess> StartAsync(string yaml, IReadOnlyDictionary<string, string>? environment = null, string? executable = null,
        string? networkNamespace = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mediabroker-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "mediabroker.yml"), yaml);
        var dll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll");
        string[] command = executable is null ? ["dotnet", dll, "mediabroker.yml"] : [executable, "mediabroker.yml"];
        var process = networkNamespace is null
            ? ExternalProcess.Start(command[0], command[1..], dir, environment)
            : ExternalProcess.Start("/usr/sbin/ip", ["netns", "exec", networkNamespace, .. command], dir, environment);
        var broker = new BrokerProcess(dir, process);
        try
        {
            await process.WaitForLineAsync(l => l.Contains("MediaBroker", StringComparison.Ordinal) && l.Contains(" started", StringComparison.Ordinal), StartTimeout);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>The endpoint a server reported in its "listener opened on" log line.</summary>
    public async Task<IPEndPoint> ListenerAsync(string serverName, TimeSpan? timeout = null, int skip = 0)
    {
        var line = await Process.WaitForLineAsync(
            l => l.Contains($"{serverName} listener opened on", StringComparison.Ordinal)
                || l.Contains($"[{serverName}] listener opened on", StringComparison.Ordinal),
            timeout ?? StartTimeout, skip);
        var m = EndPointPattern().Match(line);
        return new IPEndPoint(IPAddress.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Replaces the config file the way many editors do: write a temp file, then rename it over the original.</summary>
    public async Task RewriteConfigAsync(string yaml)
    {
        var temp = ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temp, yaml);
        File.Move(temp, ConfigPath, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file may still be open by a dying child.
        }
    }

    [GeneratedRegex(@"listener opened on \[?([0-9a-fA-F\.:]+?)\]?:(\d+)")]
    private static partial Regex EndPointPattern();
}
