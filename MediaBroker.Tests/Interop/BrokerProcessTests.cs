using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>The real executable: start-up, command line, hot reload, shutdown.</summary>
public sealed class BrokerProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reload_EditedFile_AppliedWithoutRestart_InvalidFileKeepsRunningConfig()
    {
        var initial = BrokerProcess.LoopbackListeners + "logLevel: info\npaths:\n  cam:\n";
        await using var broker = await BrokerProcess.StartAsync(initial);

        await broker.RewriteConfigAsync(BrokerProcess.LoopbackListeners + "logLevel: debug\npaths:\n  cam:\n  cam2:\n    maxReaders: 3\n");
        var reloaded = await broker.Process.WaitForLineAsync(l => l.Contains("configuration reloaded", StringComparison.Ordinal), Timeout);
        reloaded.Should().Contain("logLevel").And.Contain("no server restarted");

        await broker.RewriteConfigAsync(BrokerProcess.LoopbackListeners + "logLevel: debug\npaths:\n  cam:\n    sourceOnDemandd: yes\n");
        var rejected = await broker.Process.WaitForLineAsync(l => l.Contains("rejected", StringComparison.Ordinal), Timeout);
        rejected.Should().Contain("sourceOnDemandd").And.Contain("line");
        broker.Process.HasExited.Should().BeFalse("an invalid file on reload must not stop the server");

        await broker.RewriteConfigAsync(BrokerProcess.LoopbackListeners + "logLevel: info\npaths:\n  cam:\n");
        await broker.Process.WaitForLineAsync(l => l.Contains("configuration reloaded", StringComparison.Ordinal), Timeout, skip: 1);
        broker.Process.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Sigterm_ShutsDownCleanlyWithinSeconds()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners);
        broker.Process.Signal(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        (await broker.Process.WaitForExitAsync(TimeSpan.FromSeconds(10))).Should().Be(0);
        broker.Process.Output.Should().Contain("shutting down");
    }

    [Fact]
    public async Task InvalidConfig_AtStartup_ExitsWithKeyAndLine()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mb-bad-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "mediabroker.yml"), "logLevel: info\nwriteQueueSize: 1000\n");
        await using var p = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "mediabroker.dll")], dir);
        (await p.WaitForExitAsync(Timeout)).Should().Be(1);
        p.Output.Should().Contain("writeQueueSize").And.Contain("line 2");
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("--version", "0.")]
    [InlineData("--help", "Usage: mediabroker")]
    public async Task CommandLine_HelpAndVersion_PrintAndExit(string arg, string expected)
    {
        await using var p = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"), arg]);
        (await p.WaitForExitAsync(Timeout)).Should().Be(0);
        p.Output.Should().Contain(expected);
    }

    [Fact]
    public async Task NoConfigFile_StartsOnDefaultsAndSaysSo()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mb-empty-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var env = new Dictionary<string, string>
        {
            ["MTX_RTSPADDRESS"] = "127.0.0.1:0", ["MTX_RTSPSADDRESS"] = "127.0.0.1:0", ["MTX_RTPADDRESS"] = "127.0.0.1:0",
            ["MTX_RTCPADDRESS"] = "127.0.0.1:0", ["MTX_RTMPADDRESS"] = "127.0.0.1:0", ["MTX_HLSADDRESS"] = "127.0.0.1:0",
            ["MTX_WEBRTCADDRESS"] = "127.0.0.1:0", ["MTX_WEBRTCLOCALUDPADDRESS"] = "127.0.0.1:0", ["MTX_SRTADDRESS"] = "127.0.0.1:0",
            ["MTX_APIADDRESS"] = "127.0.0.1:0",
        };
        await using var p = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "mediabroker.dll")], dir, env);
        await p.WaitForLineAsync(l => l.Contains(" started", StringComparison.Ordinal), Timeout);
        p.Output.Should().Contain("no configuration file found");

        // The built-in defaults turn the dashboard on, and the log says where it is.
        var line = await p.WaitForLineAsync(l => l.Contains("dashboard available at http://127.0.0.1:", StringComparison.Ordinal), Timeout);
        var url = line[line.IndexOf("http://", StringComparison.Ordinal)..].Trim();
        using (var http = new HttpClient())
        {
            var page = await http.GetAsync(new Uri(url));
            page.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the any user may use the api from localhost without a password");
            (await page.Content.ReadAsStringAsync()).Should().Contain("<title>MediaBroker</title>");
        }

        Directory.Delete(dir, true);
    }
}
