using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.MpegTs;
using Xunit;
using static MediaBroker.Tests.Formats.MpegTs.TsTestSupport;

namespace MediaBroker.Tests.Formats.MpegTs;

public sealed class MpegTsDemuxerTests
{
    [Fact]
    public void Push_H264Aac_TracksAndUnitsMatchFfprobe()
    {
        var r = Demux(Load("h264_aac.ts"));

        r.Tracks.Should().HaveCount(2);
        var h264 = r.Tracks![0].Codec.Should().BeOfType<H264Codec>().Subject;
        h264.Sps.Should().NotBeNull();
        (h264.Sps![0] & 0x1F).Should().Be(7);
        (h264.Pps![0] & 0x1F).Should().Be(8);
        var aac = r.Tracks[1].Codec.Should().BeOfType<Mpeg4AudioCodec>().Subject;
        aac.SampleRate.Should().Be(48000);
        aac.ChannelCount.Should().Be(2);
        aac.Config.Should().Equal(0x11, 0x90); // AAC-LC, 48 kHz, stereo

        var video = r.Of(0);
        video.Should().HaveCount(50);
        video.Count(u => u.IsRandomAccess).Should().Be(2);
        video[0].IsRandomAccess.Should().BeTrue();
        video[0].Dts.Should().Be(126000);
        video[0].Pts.Should().Be(133200);
        video.Should().OnlyContain(u => u.Payloads.All(p => p.Length > 0 && (At(p, 0) & 0x1F) != 9)); // AUDs stripped
        var audio = r.Of(1);
        audio.Should().HaveCount(95);
        audio[0].Pts.Should().Be(70016); // 1.458667 s at 48 kHz
        audio.Zip(audio.Skip(1)).Should().OnlyContain(p => p.Second.Pts - p.First.Pts == 1024 || Math.Abs(p.Second.Pts - p.First.Pts - 1024) < 3);
        r.Demuxer.ContinuityErrors.Should().Be(0);
        r.Demuxer.PesErrors.Should().Be(0);
        r.Demuxer.SyncLosses.Should().Be(0);
    }

    [Fact]
    public void Push_KeyFrameSpanningManyPackets_ReassemblesWholeAccessUnit()
    {
        var r = Demux(Load("h264_aac.ts"));

        var key = r.Of(0)[0];
        key.Payloads.Select(p => p.Span[0] & 0x1F).Should().Contain([7, 8, 5]);
        key.PayloadSize.Should().BeGreaterThan(20 * 184); // ffprobe: 4877-byte first packet
    }

    [Fact]
    public void Push_H265Opus_TracksAndUnitsMatchFfprobe()
    {
        var r = Demux(Load("h265_opus.ts"));

        r.Tracks.Should().HaveCount(2);
        var h265 = r.Tracks![0].Codec.Should().BeOfType<H265Codec>().Subject;
        ((h265.Vps![0] >> 1) & 0x3F).Should().Be(32);
        ((h265.Sps![0] >> 1) & 0x3F).Should().Be(33);
        ((h265.Pps![0] >> 1) & 0x3F).Should().Be(34);
        r.Tracks[1].Codec.Should().Be(new OpusCodec(2));
        r.Of(0).Should().HaveCount(50);
        r.Of(0).Count(u => u.IsRandomAccess).Should().Be(2);
        var opus = r.Of(1);
        opus.Should().HaveCount(101);
        opus.Zip(opus.Skip(1)).Should().OnlyContain(p => p.Second.Pts - p.First.Pts == 960);
        r.Demuxer.PesErrors.Should().Be(0);
    }

    [Fact]
    public void Push_Mp3_FramesMatchFfprobe()
    {
        var r = Demux(Load("mp3.ts"));

        r.Tracks.Should().ContainSingle().Which.Codec.Should().BeOfType<Mpeg12AudioCodec>();
        r.Units.Should().HaveCount(78);
        r.Units[0].Pts.Should().Be(126000);
        r.Units[1].Pts.Should().Be(126000 + (1152 * 90000 / 44100));
        r.Units.Should().OnlyContain(u => u.Payloads.Length == 1 && At(u.Payloads[0], 0) == 0xFF);
    }

    [Fact]
    public void Push_Ac3_FramesMatchFfprobe()
    {
        var r = Demux(Load("ac3.ts"));

        r.Tracks.Should().ContainSingle().Which.Codec.Should().Be(new Ac3Codec(48000, 2));
        r.Units.Should().HaveCount(63);
        r.Units.Zip(r.Units.Skip(1)).Should().OnlyContain(p => p.Second.Pts - p.First.Pts == 1536);
        r.Units.Should().OnlyContain(u => At(u.Payloads[0], 0) == 0x0B && At(u.Payloads[0], 1) == 0x77);
    }

    [Fact]
    public void Push_Mpeg2VideoAndMp2_FramesAndKeyFrames()
    {
        var r = Demux(Load("mpeg2_mp2.ts"));

        r.Tracks!.Select(t => t.Codec.GetType()).Should().Equal(typeof(Mpeg12VideoCodec), typeof(Mpeg12AudioCodec));
        r.Of(0).Should().HaveCount(50);
        r.Of(0).Count(u => u.IsRandomAccess).Should().Be(2);
        r.Of(1).Should().HaveCount(84);
    }

    [Fact]
    public void Push_Mpeg4Video_ConfigFromFirstKeyFrame()
    {
        var r = Demux(Load("mpeg4.ts"));

        var codec = r.Tracks.Should().ContainSingle().Which.Codec.Should().BeOfType<Mpeg4VideoCodec>().Subject;
        codec.Config.Should().NotBeNull();
        codec.Config!.AsSpan(0, 3).ToArray().Should().Equal(0, 0, 1);
        r.Units.Should().HaveCount(50);
        r.Units.Count(u => u.IsRandomAccess).Should().Be(2);
    }

    [Fact]
    public void Push_PtsWrapsAround_TimestampsKeepIncreasing()
    {
        var r = Demux(Load("h264_wrap.ts"));

        var units = r.Units;
        units.Should().HaveCount(75);
        units.Zip(units.Skip(1)).Should().OnlyContain(p => p.Second.Dts - p.First.Dts == 3600);
        units[0].Dts.Should().BeLessThan(1L << 33);
        units[^1].Dts.Should().BeGreaterThan(1L << 33);
    }

    [Fact]
    public void Push_OneBytePerSegment_SameAsWhole()
    {
        var data = Load("h264_aac.ts");
        var whole = Demux(data);
        var bytewise = Demux(data, chunk: 1);

        Summary(bytewise).Should().Equal(Summary(whole));
    }

    [Fact]
    public void Push_SplitAtEveryOffsetInWindow_SameAsWhole()
    {
        var data = Load("mp3.ts");
        var expected = Summary(Demux(data));
        for (var split = 0; split <= 1200; split++)
        {
            Summary(DemuxSplit(data, split)).Should().Equal(expected, "split at {0}", split);
        }

        for (var split = 1200; split < data.Length; split += 37)
        {
            Summary(DemuxSplit(data, split)).Should().Equal(expected, "split at {0}", split);
        }
    }

    [Fact]
    public void Push_UdpDatagramsOf7Packets_SameAsWhole()
    {
        var data = Load("h265_opus.ts");

        Summary(Demux(data, chunk: 7 * 188)).Should().Equal(Summary(Demux(data)));
    }

    [Fact]
    public void Push_EveryIncompletePrefix_NeverThrowsAndYieldsASubset()
    {
        var data = Load("ac3.ts");
        var full = Demux(data).Units.Count;
        for (var len = 0; len < data.Length; len += 53)
        {
            var r = Demux(data.AsSpan(0, len));
            r.Units.Count.Should().BeLessThanOrEqualTo(full);
        }
    }

    [Fact]
    public void Push_LostVideoPackets_CountedAndVideoResumesAtNextKeyFrame()
    {
        var packets = Packets(Load("h264_aac.ts"));
        var videoPid = 0x100;
        var videoPackets = packets.Select((p, i) => (p, i)).Where(x => Pid(x.p) == videoPid).Select(x => x.i).ToList();
        // Lose a packet a third of the way through the first GOP (well after the key frame).
        var lost = videoPackets[videoPackets.Count / 6];
        var damaged = Concat(packets.Where((_, i) => i != lost));

        var r = Demux(damaged);

        r.Demuxer.ContinuityErrors.Should().Be(1);
        var video = r.Of(0);
        video.Should().HaveCountLessThan(50).And.HaveCountGreaterThan(25);
        var gap = video.Zip(video.Skip(1)).First(p => p.Second.Dts - p.First.Dts > 3600);
        gap.Second.IsRandomAccess.Should().BeTrue("video resumes at the next key frame");
        r.Of(1).Should().HaveCount(95);
    }

    [Fact]
    public void Push_GarbageBetweenPackets_ResyncsWithoutLosingUnits()
    {
        var packets = Packets(Load("h264_aac.ts"));
        var rng = new Random(7);
        var parts = new List<byte[]>();
        for (var i = 0; i < packets.Count; i++)
        {
            parts.Add(packets[i]);
            if (i % 50 == 10)
            {
                var junk = new byte[rng.Next(1, 400)];
                rng.NextBytes(junk);
                parts.Add(junk);
            }
        }

        var r = Demux(Concat(parts), chunk: 1316);

        r.Demuxer.SyncLosses.Should().BeGreaterThan(5);
        r.Demuxer.DiscardedBytes.Should().BeGreaterThan(0);
        Summary(r).Should().Equal(Summary(Demux(Load("h264_aac.ts"))));
    }

    [Fact]
    public void Push_LeadingGarbageAndPartialPacket_FindsSync()
    {
        var data = Load("mp3.ts");
        var withJunk = new byte[] { 0x47, 1, 2, 3, 0x47, 9 }.Concat(data.AsSpan(100).ToArray()).ToArray();

        var r = Demux(withJunk, chunk: 1000);

        r.Tracks.Should().ContainSingle();
        r.Units.Count.Should().BeInRange(70, 78);
    }

    [Fact]
    public void Push_RandomBytesAndCorruptedCaptures_NeverThrow()
    {
        var rng = new Random(1234);
        for (var round = 0; round < 200; round++)
        {
            var junk = new byte[rng.Next(1, 3000)];
            rng.NextBytes(junk);
            for (var i = 0; i < junk.Length; i += 188)
            {
                if (rng.Next(3) != 0)
                {
                    junk[i] = 0x47;
                }
            }

            var act = () => Demux(junk, chunk: rng.Next(1, 500));
            act.Should().NotThrow();
        }

        var capture = Load("h264_aac.ts");
        for (var round = 0; round < 20; round++)
        {
            var copy = (byte[])capture.Clone();
            for (var k = 0; k < 300; k++)
            {
                var at = rng.Next(copy.Length);
                if (at % 188 != 0)
                {
                    copy[at] = (byte)rng.Next(256);
                }
            }

            var act = () => Demux(copy, chunk: 1316);
            act.Should().NotThrow();
        }
    }

    [Fact]
    public void Push_AudioStreamWithoutParameters_AnnouncedAfterTimeoutWithoutIt()
    {
        // Drop every AAC packet: the video track must still be announced (bounded wait).
        var packets = Packets(Load("h264_aac.ts"));
        var videoOnly = Concat(packets.Where(p => Pid(p) != 0x101));

        var r = Demux(videoOnly, chunk: 1316, new MpegTsDemuxerOptions { AnnounceTimeout = TimeSpan.FromSeconds(0.5) });

        r.Tracks.Should().ContainSingle().Which.Codec.Should().BeOfType<H264Codec>();
        r.Units.Should().HaveCount(50);
    }

    private static List<string> Summary(DemuxResult r) =>
        r.Units.Select(u => $"{u.Track.Id}:{u.Pts}:{u.Dts}:{u.IsRandomAccess}:{Convert.ToHexString(Flatten(u).AsSpan(0, Math.Min(16, u.PayloadSize)))}:{u.PayloadSize}").ToList();
}
