using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;
using MediaBroker.Tests.Formats.Rtp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Streams.Rtp;

/// <summary>useAbsoluteTimestamp at the RTP ingest: the sender report's NTP time, or the receive clock (estimated along the PTS).</summary>
public sealed class RtpUnitDecoderAbsoluteTimeTests
{
    private static readonly DateTime SenderClock = new(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    private static readonly DateTime ReceiveTime = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Absolute_BeforeSenderReport_UnitsDropped_ThenSenderClock()
    {
        var absolute = RtpAbsoluteTime.For(true, NullLogger.Instance, "test")!;
        var (decoder, packets) = Decoder(absolute);
        var units = new List<Unit>();
        decoder.Decode(packets[0], 0, ReceiveTime, units);
        units.Should().BeEmpty("no sender report has said what time the sender's RTP clock is");
        absolute.UnitsWithoutAbsoluteTime.Should().Be(1);

        // The report maps the first packet's RTP time to SenderClock; the next packet is later by its RTP delta.
        decoder.OnSenderReport(new RtcpSenderReport(1, NtpTime64.FromDateTime(SenderClock), packets[0].Timestamp, 1, 100, []), 0);
        decoder.Decode(packets[1], 0, ReceiveTime, units);
        var delta = unchecked(packets[1].Timestamp - packets[0].Timestamp) / 90000.0;
        units.Should().ContainSingle().Which.NtpTime.Should().BeCloseTo(SenderClock.AddSeconds(delta), TimeSpan.FromMilliseconds(1));
        absolute.UnitsWithoutAbsoluteTime.Should().Be(1);
    }

    [Fact]
    public void NotAbsolute_SenderReportIgnored_ReceiveClockKept()
    {
        var (decoder, packets) = Decoder(null);
        decoder.OnSenderReport(new RtcpSenderReport(1, NtpTime64.FromDateTime(SenderClock), packets[0].Timestamp, 1, 100, []), 0);
        var units = new List<Unit>();
        decoder.Decode(packets[0], 0, ReceiveTime, units);

        // Received a second later: the time follows the media clock from the first unit's receive time.
        decoder.Decode(packets[1], 0, ReceiveTime.AddSeconds(1), units);
        var delta = unchecked(packets[1].Timestamp - packets[0].Timestamp) / 90000.0;
        units.Should().HaveCount(2);
        units[0].NtpTime.Should().Be(ReceiveTime);
        units[1].NtpTime.Should().BeCloseTo(ReceiveTime.AddSeconds(delta), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void For_Off_IsNull() => RtpAbsoluteTime.For(false, NullLogger.Instance, "test").Should().BeNull();

    private static (RtpUnitDecoder Decoder, List<RtpPacket> Packets) Decoder(RtpAbsoluteTime? absolute)
    {
        var track = new Track(0, new GenericCodec(96, "X/90000", null, 90000, MediaKind.Video));
        var packets = RtpDump.Packets("vp8");

        // Two packets of different frames, so their RTP times differ.
        var second = packets.First(p => p.Timestamp != packets[0].Timestamp);
        return (new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000), absoluteTime: absolute), [packets[0], second]);
    }
}
