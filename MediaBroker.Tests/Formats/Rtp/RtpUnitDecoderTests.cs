using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp;

public sealed class RtpUnitDecoderTests
{
    [Fact]
    public void Decode_FfmpegH264WithoutSprop_LearnsSpsPpsAndTimesFrames()
    {
        var track = new Track(0, new H264Codec(null, null, 1));
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        foreach (var p in RtpDump.Packets("h264"))
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        units.Should().HaveCount(25);
        units[0].Pts.Should().Be(0);
        units.Select(u => u.Pts).Should().Equal(Enumerable.Range(0, 25).Select(i => (long)i * 3600));
        units.Should().OnlyContain(u => u.RtpPackets != null && u.RtpPackets.Length > 0);
        var codec = (H264Codec)track.Codec;
        codec.Sps![0].Should().Be(0x67);
        codec.Pps![0].Should().Be(0x68);
        track.Version.Should().Be(1);
        decoder.Statistics.CumulativeLost.Should().Be(0);
        decoder.FramesInError.Should().Be(0);
    }

    [Fact]
    public void Decode_GenericCodec_OneUnitPerPacketWithRtpOnly()
    {
        var track = new Track(0, new GenericCodec(96, "X/90000", null, 90000, MediaKind.Video));
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        var packets = RtpDump.Packets("vp8");
        foreach (var p in packets)
        {
            decoder.Decode(p, units);
        }

        units.Should().HaveCount(packets.Count);
        units.Should().OnlyContain(u => u.Payloads.Length == 0 && u.RtpPackets!.Length == 1);
    }
}
