using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Hooks;
using MediaBroker.Tests.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Hooks;

public sealed class HookProcessTests
{
    private static readonly HookTimings s_fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task Start_ScriptSeesHookVariablesAndArguments()
    {
        using var box = new HookSandbox();
        var script = box.Script("env.sh", "env > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"");
        var env = new Dictionary<string, string> { ["MTX_PATH"] = "cam 1", ["G1"] = "7" };
        await using var p = HookProcess.Start("Init", $"{script} {box.PathOf("out")}_$G1", env, false, NullLogger.Instance, s_fast);
        await p.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        var text = box.Read("out_7");
        text.Should().Contain("MTX_PATH=cam 1\n").And.Contain("G1=7\n").And.Contain("PATH=");
    }

    [Fact]
    public async Task Restart_CommandRunsAgainAfterExit()
    {
        using var box = new HookSandbox();
        var script = box.Script("count.sh", $"echo run >> {box.PathOf("runs")}");
        await using var p = HookProcess.Start("Ready", script, new Dictionary<string, string>(), true, NullLogger.Instance, s_fast);
        await box.WaitForAsync("runs", t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3);
        await p.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        p.Starts.Should().BeGreaterThanOrEqualTo(3);
        p.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task NoRestart_ExitEndsIt()
    {
        using var box = new HookSandbox();
        await using var p = HookProcess.Start("Read", "true", new Dictionary<string, string>(), false, NullLogger.Instance, s_fast);
        await p.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        p.Starts.Should().Be(1);
    }

    [Fact]
    public async Task Stop_SendsSigIntToTheWholeGroup()
    {
        using var box = new HookSandbox();
        var script = box.Script("trap.sh", $"trap 'echo int > {box.PathOf("signal")}; exit 0' INT\necho up > {box.PathOf("up")}\nwhile true; do sleep 0.05; done");
        var p = HookProcess.Start("Demand", script, new Dictionary<string, string>(), false, NullLogger.Instance, HookTimings.Default);
        await box.WaitForAsync("up", t => t.Length > 0);
        var sw = Stopwatch.StartNew();
        await p.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        sw.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "SIGINT ends it long before the kill grace period");
        box.Read("signal").Should().Be("int\n");
    }

    [Fact]
    public async Task Stop_IgnoredSigInt_KilledAfterGrace()
    {
        using var box = new HookSandbox();
        var script = box.Script("stubborn.sh", $"trap '' INT\necho up > {box.PathOf("up")}\nwhile true; do sleep 0.05; done");
        var p = HookProcess.Start("Demand", script, new Dictionary<string, string>(), true, NullLogger.Instance, s_fast);
        await box.WaitForAsync("up", t => t.Length > 0);
        await p.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        p.Starts.Should().Be(1, "a stopped hook is not restarted");
    }

    [Fact]
    public async Task Output_GoesToTheLog()
    {
        var logger = new ListLogger<HookProcessTests>();
        await using var p = HookProcess.Start("Init", "sh -c 'echo hello; echo oops >&2'", new Dictionary<string, string>(), false, logger, s_fast);
        await p.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        logger.Entries.Select(e => e.Message).Should().Contain("runOnInit: hello").And.Contain("runOnInit: oops")
            .And.Contain(m => m.StartsWith("runOnInit: process exited with code 0", StringComparison.Ordinal));
        logger.Entries.Should().OnlyContain(e => e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task BadCommand_LoggedNotThrown()
    {
        var logger = new ListLogger<HookProcessTests>();
        await using var p = HookProcess.Start("Init", "/nonexistent/binary 'x", new Dictionary<string, string>(), false, logger, s_fast);
        await p.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        p.Starts.Should().Be(0);
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Error);
    }
}
