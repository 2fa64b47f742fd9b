using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Formats.Rtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp;

public sealed class RtpReceiverStatisticsTests
{
    [Fact]
    public void Update_GapAndWrap_CountsLostAndExtendsSequence()
    {
        var stats = new RtpReceiverStatistics(90000);
        stats.Update(65534, 0, 0).Should().Be(RtpSequenceStatus.InOrder);
        stats.Update(65535, 3000, 0).Should().Be(RtpSequenceStatus.InOrder);
        stats.Update(2, 6000, 0).Should().Be(RtpSequenceStatus.Gap);
        stats.LastGap.Should().Be(2);
        stats.Update(1, 6000, 0).Should().Be(RtpSequenceStatus.Late);
        stats.ExtendedHighestSequence.Should().Be(0x10002u);
        stats.CumulativeLost.Should().Be(2);
        var block = stats.BuildReportBlock(5, Stopwatch.GetTimestamp());
        block.CumulativeLost.Should().Be(2);
        block.FractionLost.Should().Be((byte)(2 * 256 / 5));
    }

    [Fact]
    public void Update_SteadyArrival_JitterStaysZero()
    {
        var stats = new RtpReceiverStatistics(90000);
        for (var i = 0; i < 50; i++)
        {
            stats.Update((ushort)i, (uint)(i * 3600), i * Stopwatch.Frequency / 25);
        }

        stats.Jitter.Should().BeLessThan(1);
    }

    [Fact]
    public void Unwrap_AcrossWrapAndBackwards_IsMonotonicWhereItShouldBe()
    {
        var u = new RtpTimestampUnwrapper();
        u.Unwrap(0xFFFFFF00).Should().Be(0xFFFFFF00L);
        u.Unwrap(0x00000100).Should().Be(0x100000100L);
        u.Unwrap(0x00000050).Should().Be(0x100000050L);
    }

    [Fact]
    public void ReorderBuffer_SwappedPackets_ReleasedInOrder()
    {
        var buffer = new RtpReorderBuffer(4);
        var output = new List<RtpPacket>();
        foreach (ushort seq in new ushort[] { 65534, 0, 65535, 1, 3, 4, 5, 6, 7 })
        {
            buffer.Push(new RtpPacket(new RtpHeader(false, 96, seq, 0, 1), ReadOnlyMemory<byte>.Empty), output);
        }

        output.Select(p => (int)p.SequenceNumber).Should().Equal(65534, 65535, 0, 1, 3, 4, 5, 6, 7);
        buffer.SkippedPackets.Should().Be(1);
    }

    [Fact]
    public void TimeDecoder_SecondTrackStartsLater_OffsetByArrival()
    {
        var session = new RtpTimeDecoder();
        var video = session.AddTrack(90000);
        var audio = session.AddTrack(48000);
        var t0 = 1_000_000L;
        video.Decode(123456, t0).Should().Be(0);
        video.Decode(123456 + 3600, t0 + (Stopwatch.Frequency / 25)).Should().Be(3600);
        audio.Decode(999, t0 + (Stopwatch.Frequency / 2)).Should().Be(24000);
        audio.Decode(999 + 960, t0 + (Stopwatch.Frequency / 2)).Should().Be(24960);
    }

    [Fact]
    public void TimeDecoder_SenderReports_AlignBySharedNtp()
    {
        var session = new RtpTimeDecoder();
        var video = session.AddTrack(90000);
        var audio = session.AddTrack(48000);
        var ntp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        video.OnSenderReport(MediaBroker.Formats.Rtp.Rtcp.NtpTime64.FromDateTime(ntp), 1000);
        audio.OnSenderReport(MediaBroker.Formats.Rtp.Rtcp.NtpTime64.FromDateTime(ntp), 5000);
        video.Decode(1000, 0).Should().Be(0);
        // Audio arrives "late" on the network, but its NTP says it was captured 0.25 s after the video frame.
        audio.Decode(5000 + 12000, Stopwatch.Frequency).Should().Be(12000);
    }
}
