using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// SRT against the real broker with ffmpeg: wrong user/pass in the stream id is refused after the failure delay; a
/// path's passphrase refuses a caller with another passphrase or none.
/// </summary>
public sealed class SrtAuthAttackTests : IAsyncLifetime
{
    private const string Passphrase = "locked-passphrase-1";
    private BrokerProcess? _broker;
    private int _port;

    public async Task InitializeAsync()
    {
        var yaml = HttpAuthAttackTests.Yaml.Replace("paths:\n", $"paths:\n  locked:\n    srtPublishPassphrase: {Passphrase}\n    srtReadPassphrase: {Passphrase}\n", StringComparison.Ordinal);
        _broker = await BrokerProcess.StartAsync(yaml);
        _port = (await _broker.ListenerAsync("SRT")).Port;
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [RequiresFfmpegFact]
    public async Task Publish_WrongStreamIdCredentials_RefusedAfterTheDelay_PathNeverReady()
    {
        await using (var wrong = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{_port}?streamid=publish:cam:admin:wrong&pkt_size=1316", 20))
        {
            await AuthAttack.RefusedAfterTheDelayAsync(_broker!, wrong, "srt");
        }

        await using (var none = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{_port}?streamid=publish:cam&pkt_size=1316", 20))
        {
            (await none.WaitForExitAsync(AttackHttp.Timeout)).Should().NotBe(0, none.Output);
        }

        _broker!.Process.Output.Should().NotContain("[path cam] stream is ready");
    }

    [RequiresFfmpegFact]
    public async Task Passphrase_MismatchOrMissing_Refused_RightOneReads()
    {
        var user = $"admin:{HttpAuthAttackTests.Password}";
        await using (var wrong = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{_port}?streamid=publish:locked:{user}&passphrase=not-the-passphrase&pkt_size=1316", 20))
        {
            (await wrong.WaitForExitAsync(AttackHttp.Timeout)).Should().NotBe(0, wrong.Output);
        }

        await using (var none = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{_port}?streamid=publish:locked:{user}&pkt_size=1316", 20))
        {
            (await none.WaitForExitAsync(AttackHttp.Timeout)).Should().NotBe(0, none.Output);
        }

        _broker!.Process.Output.Should().NotContain("[path locked] stream is ready");

        await using var publisher = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{_port}?streamid=publish:locked:{user}&passphrase={Passphrase}&pkt_size=1316", 40);
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path locked] stream is ready", StringComparison.Ordinal), AttackHttp.Timeout);
        var wrongReader = () => MediaTools.ProbeAsync($"srt://127.0.0.1:{_port}?streamid=read:locked:{user}&passphrase=not-the-passphrase");
        await wrongReader.Should().ThrowAsync<InvalidOperationException>();
        var streams = await MediaTools.ProbeAsync($"srt://127.0.0.1:{_port}?streamid=read:locked:{user}&passphrase={Passphrase}");
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 10);
    }
}
