using FluentAssertions;
using MediaBroker.Protocols.Hls;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>
/// The real executable pulls "cam" from an in-process HLS server (the first broker) with <c>source: http://…m3u8</c>,
/// remuxes it at once (<c>hlsAlwaysRemux</c>) into <c>hlsDirectory</c>, and serves it to ffmpeg.
/// </summary>
public sealed class HlsPullBrokerProcessTests(HlsServerFixture fx) : IClassFixture<HlsServerFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mb-hlspull-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Broker_HlsPullSourceWithAlwaysRemuxAndDirectory_WritesFilesAndFfmpegDecodes()
    {
        var yaml = BrokerProcess.LoopbackListeners + $"""

            hlsAlwaysRemux: yes
            hlsVariant: mpegts
            hlsDirectory: {_dir}
            paths:
              relay:
                source: {fx.Url(HlsVariant.Fmp4, "cam/index.m3u8")}
            """;
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var ep = await broker.ListenerAsync("HLS");

        // No viewer yet: the files can only come from a muxer started by the stream becoming ready.
        var playlist = Path.Combine(_dir, "relay", "stream.m3u8");
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(playlist) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        File.Exists(playlist).Should().BeTrue(broker.Process.Output);
        Directory.GetFiles(Path.Combine(_dir, "relay"), "seg*.ts").Should().NotBeEmpty();

        await using var ffmpeg = ExternalProcess.Start("ffmpeg", ["-nostdin", "-hide_banner", "-i",
            $"http://127.0.0.1:{ep.Port}/relay/index.m3u8", "-frames:v", "30", "-f", "null", "-"]);
        var code = await ffmpeg.WaitForExitAsync(Timeout);
        code.Should().Be(0, ffmpeg.Output);
        ffmpeg.Output.Should().MatchRegex(@"frame=\s*30 ").And.Contain("160x120").And.Contain("Audio: aac");
    }
}
