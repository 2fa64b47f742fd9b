using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

/// <summary>The SRT pusher against the real broker as the destination, fed by a live ffmpeg-made stream.</summary>
public sealed class SrtPusherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string DestinationConf = BrokerProcess.LoopbackListeners + """
        paths:
          dest:
            srtPublishPassphrase: publish-secret-1

        """;

    private readonly SrtRuntime _runtime = new(NullLoggerFactory.Instance);

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void ProtocolOf_SrtUrls() =>
        new[] { "srt://h:1?streamid=publish:x", "SRT://h:1", "rtsp://h/x" }.Select(Factory().ProtocolOf).Should().Equal("srt", "srt", null);

    [RequiresFfmpegFact]
    public async Task RunAsync_WithPassphrase_DestinationServesDecodableH264AndAac_ReturnsWhenStreamEnds()
    {
        await using var destination = await BrokerProcess.StartAsync(DestinationConf);
        var srt = await destination.ListenerAsync("SRT");
        var rtsp = await destination.ListenerAsync("RTSP");
        await using var live = await LiveTestStream.StartAsync(Timeout);
        var push = Start(live.Stream, $"srt://127.0.0.1:{srt.Port}?streamid=publish:dest&passphrase=publish-secret-1&pbkeylen=16");

        await push.Sending.WaitAsync(Timeout);
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/dest", Timeout, 2, "-rtsp_transport", "tcp");

        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 10);
        push.Context.OutboundBytes.Should().BeGreaterThan(10_000);

        live.Stream.Close();
        await push.Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_DestinationRefuses_ThrowsWithTheReason()
    {
        await using var destination = await BrokerProcess.StartAsync(DestinationConf);
        var srt = await destination.ListenerAsync("SRT");
        await using var live = await LiveTestStream.StartAsync(Timeout);

        var unknownPath = Start(live.Stream, $"srt://127.0.0.1:{srt.Port}?streamid=publish:elsewhere");
        var wrongPassphrase = Start(live.Stream, $"srt://127.0.0.1:{srt.Port}?streamid=publish:dest&passphrase=not-the-secret");
        var invalidUrl = Start(live.Stream, "srt://127.0.0.1?streamid=publish:dest");

        (await unknownPath.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<SrtException>())
            .WithMessage("connection failed: rejected by the server with code 1404 (NotFound)");
        (await wrongPassphrase.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<SrtException>())
            .WithMessage("connection failed: *");
        (await invalidUrl.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<ArgumentException>())
            .WithMessage("the URL needs host:port");
        unknownPath.Sending.IsCompleted.Should().BeFalse();
        wrongPassphrase.Sending.IsCompleted.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_DestinationKilled_ThrowsWithinSeconds()
    {
        await using var live = await LiveTestStream.StartAsync(Timeout);
        var (push, sinceKill) = await PushRun.StartThenKillDestinationAsync(
            await BrokerProcess.StartAsync(DestinationConf), Factory(), live.Stream,
            async d => $"srt://127.0.0.1:{(await d.ListenerAsync("SRT")).Port}?streamid=publish:dest&passphrase=publish-secret-1", "dest", Timeout);

        // libsrt notices a silent peer after its idle timeout (5 s); a full send buffer would fail after writeTimeout.
        await push.Run.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(20))).Should().ThrowAsync<IOException>();
        sinceKill.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8));
    }

    private SrtPusherFactory Factory() =>
        new(_runtime, () => new SrtPusherOptions { ConnectTimeout = TimeSpan.FromSeconds(5), WriteTimeout = TimeSpan.FromSeconds(5) });

    private PushRun Start(MediaStream stream, string url) => PushRun.Start(Factory(), stream, url);
}
