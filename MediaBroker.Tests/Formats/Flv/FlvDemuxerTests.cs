using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Formats.Flv;

public sealed class FlvDemuxerTests
{
    [Fact]
    public void Push_FfmpegH264Aac_TracksAndUnits()
    {
        var (demuxer, units) = FlvTestFiles.Demux("h264_aac.flv");

        demuxer.Tracks.Should().HaveCount(2);
        var h264 = demuxer.Tracks![0].Codec.Should().BeOfType<H264Codec>().Subject;
        h264.Sps![0].Should().Be(0x67);
        h264.Pps![0].Should().Be(0x68);
        var aac = demuxer.Tracks[1].Codec.Should().BeOfType<Mpeg4AudioCodec>().Subject;
        aac.SampleRate.Should().Be(44100);
        aac.ChannelCount.Should().Be(1);

        var video = units.Where(u => u.Track.Id == 0).ToList();
        video.Should().HaveCount(25);
        video[0].IsRandomAccess.Should().BeTrue();
        video.Skip(1).Should().OnlyContain(u => !u.IsRandomAccess);
        video.Should().Contain(u => u.Pts != u.Dts, "the file has B-frames");
        video.Should().OnlyContain(u => u.Pts >= u.Dts);
        video.Select(u => u.Dts).Should().BeInAscendingOrder();
        video[1].Dts.Should().Be(video[0].Dts + 3600); // 40 ms at 90 kHz
        video.SelectMany(u => u.Payloads).Select(n => n.Length > 0 && (n.Span[0] & 0x80) == 0).Should().OnlyContain(ok => ok);

        var audio = units.Where(u => u.Track.Id == 1).ToList();
        audio.Should().HaveCountGreaterThan(40);
        audio[1].Dts.Should().BeCloseTo(audio[0].Dts + 1024, 45); // ms precision at 44.1 kHz
    }

    [Fact]
    public void Push_FfmpegH264_FlvBodyIsWhatTheMuxerWrites()
    {
        var (_, units) = FlvTestFiles.Demux("h264_aac.flv");

        var video = units.Where(u => u.Track.Id == 0).ToList();
        video.Should().OnlyContain(u => !u.FlvBody.IsEmpty, "ffmpeg writes 4-byte lengths and no delimiters");
        foreach (var u in video)
        {
            u.FlvBody.ToArray().Should().Equal(FlvMuxer.EncodeUnit(u), "a reader gets the same bytes either way");
        }

        units.Where(u => u.Track.Id == 1).Should().OnlyContain(u => u.FlvBody.IsEmpty);
    }

    [Fact]
    public void Push_H264WithAccessUnitDelimiter_NoFlvBodyAndMuxerDropsIt()
    {
        var tags = FlvTestFiles.Tags(FlvTestFiles.Read("h264_aac.flv")).Where(t => t.Type == FlvTagType.Video).ToList();
        var key = tags[1].Body; // tags[0] is the sequence header
        byte[] aud = [0, 0, 0, 2, 0x09, 0xF0];
        var withAud = key[..5].Concat(aud).Concat(key[5..]).ToArray();
        var demuxer = new FlvDemuxer();
        demuxer.SetMetadata(new MediaBroker.Formats.Amf.AmfObject(true).Add("videocodecid", 7.0));
        var units = new List<Unit>();

        demuxer.Push(FlvTagType.Video, 0, tags[0].Body, units);
        demuxer.Push(FlvTagType.Video, 0, withAud, units);

        var unit = units.Should().ContainSingle().Subject;
        unit.FlvBody.IsEmpty.Should().BeTrue();
        FlvMuxer.EncodeUnit(unit).Should().Equal(key);
    }

    [Fact]
    public void Push_Mp3_AudioOnlyTrack()
    {
        var (demuxer, units) = FlvTestFiles.Demux("mp3.flv");

        demuxer.Tracks.Should().ContainSingle().Which.Codec.Should().BeOfType<Mpeg12AudioCodec>();
        units.Should().HaveCountGreaterThan(15);
        units[0].Payloads[0].Span[0].Should().Be(0xFF); // MPEG audio sync
    }

    [Fact]
    public void Push_SorensonVideo_RefusedWithCodecName()
    {
        var demuxer = new FlvDemuxer();
        var act = () => demuxer.Push(FlvTagType.Video, 0, new byte[] { 0x12, 0, 0, 0 }, []);

        act.Should().Throw<FlvProtocolException>().WithMessage("*Sorenson H.263*");
    }

    [Fact]
    public void Push_TimestampWrap_Unwrapped()
    {
        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        byte[] header = [0xAF, 0, 0x12, 0x10]; // AAC-LC 44.1 kHz stereo
        demuxer.SetMetadata(new MediaBroker.Formats.Amf.AmfObject(true).Add("audiocodecid", 10.0));
        demuxer.Push(FlvTagType.Audio, uint.MaxValue - 10, header, units);
        demuxer.Push(FlvTagType.Audio, uint.MaxValue - 10, new byte[] { 0xAF, 1, 1 }, units);
        demuxer.Push(FlvTagType.Audio, 13, new byte[] { 0xAF, 1, 2 }, units);

        units.Should().HaveCount(2);
        (units[1].Dts - units[0].Dts).Should().Be(24 * 44100 / 1000);
    }

    [Fact]
    public void Push_RandomBodies_OnlyFlvProtocolExceptionEscapes()
    {
        var random = new Random(42);
        var body = new byte[48];
        for (var i = 0; i < 20000; i++)
        {
            random.NextBytes(body);
            var demuxer = new FlvDemuxer();
            var output = new List<Unit>();
            try
            {
                var length = random.Next(1, body.Length);
                demuxer.Push(FlvTagType.Video, 0, body.AsMemory(0, length).ToArray(), output);
                demuxer.Push(FlvTagType.Audio, 0, body.AsMemory(0, length).ToArray(), output);
            }
            catch (FlvProtocolException)
            {
            }

            // Whatever came out belongs to a track the demuxer announced, with at most one track per kind.
            if (demuxer.Tracks is { } tracks)
            {
                tracks.Should().HaveCountLessThanOrEqualTo(2);
                output.Should().OnlyContain(u => tracks.Contains(u.Track));
            }
            else
            {
                output.Should().BeEmpty("no unit is emitted before the tracks are known");
            }
        }

        // The noise left nothing behind: a real file still demuxes completely.
        var (real, units) = FlvTestFiles.Demux("mp3.flv");
        real.Tracks.Should().ContainSingle();
        units.Should().HaveCountGreaterThan(15);
    }
}
