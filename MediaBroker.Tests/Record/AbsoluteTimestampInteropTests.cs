using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Record;

/// <summary>
/// useAbsoluteTimestamp with a real publisher: ffmpeg publishes over RTSP/TCP through a proxy that moves the NTP time
/// of its RTCP sender reports two days back. With the key on, the recording is named (and its mbst box set) after the
/// publisher's clock; with it off, after the arrival time.
/// </summary>
public sealed class AbsoluteTimestampInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PublisherClockShift = TimeSpan.FromDays(-2);

    [RequiresFfmpegFact]
    public Task On_RecordingStartsAtThePublishersClock() => RecordAsync(absolute: true);

    [RequiresFfmpegFact]
    public Task Off_RecordingStartsAtArrivalTime() => RecordAsync(absolute: false);

    private static async Task RecordAsync(bool absolute)
    {
        await using var broker = await BrokerProcess.StartAsync(RecordFiles.Yaml("fmp4", absolute ? "    useAbsoluteTimestamp: yes" : ""));
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var shifter = new RtspSenderReportShifter(rtsp, PublisherClockShift);
        var publishedAt = DateTime.UtcNow;
        var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{shifter.Port}/abs", 4, "-rtsp_transport", "tcp");
        await using (publisher)
        {
            (await publisher.WaitForExitAsync(Timeout)).Should().Be(0, publisher.Output);
        }

        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder abs] stopped", StringComparison.Ordinal), Timeout);
        shifter.SenderReportsShifted.Should().BePositive("ffmpeg sends sender reports on the interleaved RTCP channels");
        var files = RecordFiles.List(broker, "abs", "fmp4");
        files.Should().ContainSingle();
        var (file, start) = files[0];
        var expected = absolute ? publishedAt + PublisherClockShift : publishedAt;
        (start - expected).Duration().Should().BeLessThan(TimeSpan.FromSeconds(30), "the segment is named after {0}", absolute ? "the sender reports' clock" : "the arrival time");
        Fmp4StartTimeBox.TryRead(await File.ReadAllBytesAsync(file), out var boxStart).Should().BeTrue();
        boxStart.Should().Be(start, "the mbst box carries the same start");
        var probe = await RecordFiles.ProbeAsync(file);
        probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
        probe.Frames.Should().BeGreaterThan(50, "the stream was recorded, not only its first frames");
        if (!absolute)
        {
            broker.Process.Output.Should().NotContain("without absolute time");
        }
    }
}
