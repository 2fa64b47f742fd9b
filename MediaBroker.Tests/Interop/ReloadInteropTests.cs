using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>Hot reload seen by real clients: a config edit adds a path while clients of other paths stay connected.</summary>
public sealed class ReloadInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reload_AddPath_NewPathAccepted_ExistingPublisherAndReaderUndisturbed()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  cam:\n");
        var rtmp = await broker.ListenerAsync("RTMP");
        var url = $"rtmp://127.0.0.1:{rtmp.Port}";

        await using var publisher = MediaTools.PublishH264Aac("flv", $"{url}/cam");
        (await MediaTools.ProbeWhenReadyAsync($"{url}/cam", Timeout)).Should().Contain(s => s.Codec == "h264" && s.Width == 320);
        await using var reader = ExternalProcess.Start("/usr/bin/ffmpeg", ["-nostdin", "-v", "warning", "-i", $"{url}/cam", "-f", "null", "-"]);

        await using (var refused = MediaTools.PublishH264Aac("flv", $"{url}/cam2", 5))
        {
            (await refused.WaitForExitAsync(Timeout)).Should().NotBe(0, "cam2 is not configured yet");
        }

        await broker.RewriteConfigAsync(BrokerProcess.LoopbackListeners + "paths:\n  cam:\n  cam2:\n");
        (await broker.Process.WaitForLineAsync(l => l.Contains("configuration reloaded", StringComparison.Ordinal), Timeout))
            .Should().Contain("no server restarted");

        await using var publisher2 = MediaTools.PublishH264Aac("flv", $"{url}/cam2");
        (await MediaTools.ProbeWhenReadyAsync($"{url}/cam2", Timeout)).Should().Contain(s => s.Codec == "h264" && s.Frames > 10);

        publisher.HasExited.Should().BeFalse("the publisher of an unchanged path keeps publishing");
        reader.HasExited.Should().BeFalse("the reader of an unchanged path keeps reading");
        (await MediaTools.ProbeAsync($"{url}/cam")).Should().Contain(s => s.Codec == "h264" && s.Frames > 10);
    }
}
