using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;
using Xunit;
using MediaBroker.Tests.Formats.Rtp;

namespace MediaBroker.Tests.Streams.Rtp;

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_X264BFramesCapture_DtsMatchesFfprobeUpToConstant(bool spropFromSdp)
    {
        // h264_bf2.ts streamed with -c copy -f rtp: the RTP timestamps are the .ts PTS plus a constant.
        var codec = new H264Codec(null, null, 1);
        if (spropFromSdp)
        {
            var sdp = SessionDescription.Parse(File.ReadAllText(RtpDump.PathOf("h264_bf2.sdp")));
            SdpCodecMapper.TryFromMedia(sdp.Media[0], 0, out var mapped, out _).Should().BeTrue();
            codec = (H264Codec)mapped;
            codec.Sps.Should().NotBeNull();
        }

        var track = new Track(0, codec);
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        foreach (var p in RtpDump.Packets("h264_bf2"))
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        var probed = ProbeVideoPackets(RtpDump.PathOf("h264_bf2.ts"));
        units.Should().HaveCount(probed.Count);
        units.Should().OnlyContain(u => u.Dts <= u.Pts);
        units.Select(u => u.Dts).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        units.Select(u => u.Pts).Should().NotBeInAscendingOrder("the capture has B-frames");
        var ptsOffset = units.Select((u, i) => u.Pts - probed[i].Pts).Distinct().Should().ContainSingle().Subject;
        units.Select((u, i) => u.Dts - probed[i].Dts).Distinct().Should().ContainSingle().Which.Should().Be(ptsOffset);
    }

    [Fact]
    public void Decode_X265Capture_DtsNeverAbovePtsAndIncreasing()
    {
        var track = new Track(0, new H265Codec(null, null, null));
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        foreach (var p in RtpDump.Packets("h265"))
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        units.Should().HaveCount(25);
        units.Should().OnlyContain(u => u.Dts <= u.Pts);
        units.Select(u => u.Dts).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    /// <summary>ffprobe's (PTS, DTS) of every video packet, in decode order; MPEG-TS times are 90 kHz.</summary>
    private static List<(long Pts, long Dts)> ProbeVideoPackets(string file)
    {
        var csv = ExternalTool.Run("ffprobe", $"-v error -select_streams v -show_entries packet=pts,dts -of csv=p=0 \"{file}\"");
        var result = new List<(long, long)>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',');
            result.Add((long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture)));
        }

        return result;
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
