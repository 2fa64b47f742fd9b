using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>RTMP query credentials against the real broker with ffmpeg and ffprobe: refused without or with wrong ones.</summary>
public sealed class RtmpAuthAttackTests : IAsyncLifetime
{
    private BrokerProcess? _broker;
    private int _port;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(HttpAuthAttackTests.Yaml);
        _port = (await _broker.ListenerAsync("RTMP")).Port;
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [RequiresFfmpegFact]
    public async Task Publish_WrongOrNoCredentials_RefusedAfterTheDelay_PathNeverReady()
    {
        await using (var wrong = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{_port}/cam?user=admin&pass=wrong", 20))
        {
            await AuthAttack.RefusedAfterTheDelayAsync(_broker!, wrong, "rtmp");
        }

        await using (var none = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{_port}/cam", 20))
        {
            (await none.WaitForExitAsync(AttackHttp.Timeout)).Should().NotBe(0, none.Output);
        }

        _broker!.Process.Output.Should().NotContain("[path cam] stream is ready");
    }

    [RequiresFfmpegFact]
    public async Task Read_WrongCredentials_Refused_RightOnesGetFrames()
    {
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{_port}/cam?user=admin&pass={HttpAuthAttackTests.Password}", 40);
        await _broker!.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), AttackHttp.Timeout);

        var wrong = () => MediaTools.ProbeAsync($"rtmp://127.0.0.1:{_port}/cam?user=admin&pass=wrong");
        await wrong.Should().ThrowAsync<InvalidOperationException>();
        var none = () => MediaTools.ProbeAsync($"rtmp://127.0.0.1:{_port}/cam");
        await none.Should().ThrowAsync<InvalidOperationException>();

        var streams = await MediaTools.ProbeAsync($"rtmp://127.0.0.1:{_port}/cam?user=admin&pass={HttpAuthAttackTests.Password}");
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 10);
    }
}
