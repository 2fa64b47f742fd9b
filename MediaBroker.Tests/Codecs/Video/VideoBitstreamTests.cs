using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Mpeg12Video;
using MediaBroker.Codecs.Mpeg4Video;
using MediaBroker.Codecs.Vp9;
using Xunit;

namespace MediaBroker.Tests.Codecs.Video;

public sealed class VideoBitstreamTests
{
    [Fact]
    public void Vp9TryParse_IvfCapture_KeyFrameSizeAndFlagsMatchFfprobe()
    {
        var frames = CodecTestData.IvfFrames("vp9.ivf");

        frames.Should().HaveCount(25);
        for (var i = 0; i < frames.Count; i++)
        {
            Vp9FrameHeader.TryParse(frames[i], out var h).Should().BeTrue();
            h.KeyFrame.Should().Be(i == 0);
            h.Profile.Should().Be(0);
        }

        Vp9FrameHeader.TryParse(frames[0], out var key).Should().BeTrue();
        (key.Width, key.Height, key.BitDepth).Should().Be((320, 240, 8));
        VpcC.Build(key).Should().Equal(1, 0, 0, 0, 0, 20, 0x82, 2, 2, 2, 0, 0);
        VpcC.Build(0, 31, 10, 0, true, 1, 1, 1).Should().Equal(1, 0, 0, 0, 0, 31, 0xA1, 1, 1, 1, 0, 0);
    }

    [Fact]
    public void Vp9IsKeyFrame_IvfCaptureAndRandomBytes_AgreesWithTryParseNeverThrows()
    {
        var frames = CodecTestData.IvfFrames("vp9.ivf");

        frames.Select(f => Vp9FrameHeader.IsKeyFrame(f)).Should().Equal(frames.Select((_, i) => i == 0));
        Vp9FrameHeader.IsKeyFrame(frames[0].AsSpan(0, 1)).Should().BeTrue("the first byte holds the frame type");
        Vp9FrameHeader.IsKeyFrame([]).Should().BeFalse();
        var rng = new Random(73);
        var buf = new byte[4];
        for (var i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            var data = buf.AsSpan(0, rng.Next(buf.Length + 1));
            bool parsed;
            try
            {
                parsed = Vp9FrameHeader.TryParse(data, out var h) && h.KeyFrame;
            }
            catch (CodecProtocolException)
            {
                parsed = false;
            }

            if (parsed)
            {
                Vp9FrameHeader.IsKeyFrame(data).Should().BeTrue();
            }
        }
    }

    [Fact]
    public void Vp9TryParse_PrefixesAndRandomBytes_FalseOrProtocolException()
    {
        var vp9 = CodecTestData.IvfFrames("vp9.ivf")[0];

        // A profile 0 key frame header is 70 bits: 9 bytes.
        for (var len = 0; len < 9; len++)
        {
            Vp9FrameHeader.TryParse(vp9.AsSpan(0, len), out _).Should().BeFalse();
        }

        FrameStream.Fuzz(d => Vp9FrameHeader.TryParse(d, out _) ? 1 : null, 71, 0x82);
    }

    [Fact]
    public void Mpeg4Video_ElementaryStream_ConfigAndKeyFramesMatchFfprobe()
    {
        var frames = Frames(CodecTestData.Load("mpeg4.m4v"), c => c is 0xB0 or 0xB3 or 0xB6, 0xB6);

        frames.Should().HaveCount(25);
        var keys = Enumerable.Range(0, 25).Select(i => i % 12 == 0).ToList();
        frames.Select(f => Mpeg4VideoBitstream.IsKeyFrame(f)).Should().Equal(keys);

        // Without a global header ffmpeg repeats VOS/VO/VOL before every I-VOP.
        frames.Select(f => Mpeg4VideoBitstream.GetConfigLength(f) > 10).Should().Equal(keys);
        Mpeg4VideoBitstream.IsKeyFrame(frames[0].AsSpan(0, Mpeg4VideoBitstream.GetConfigLength(frames[0]))).Should().BeTrue("the configuration alone is a place to start");
    }

    [Fact]
    public void Mpeg12Video_ElementaryStream_SequenceHeaderAndKeyFramesMatchFfprobe()
    {
        var frames = Frames(CodecTestData.Load("mpeg2.m2v"), c => c is 0xB3 or 0xB8 or 0x00, 0x00);

        frames.Should().HaveCount(25);
        Mpeg12VideoBitstream.TryParseSequenceHeader(frames[0], out var seq).Should().BeTrue();
        (seq.Width, seq.Height, seq.FrameRateCode).Should().Be((320, 240, 3)); // code 3 = 25 fps
        frames.Select(f => Mpeg12VideoBitstream.PictureCodingType(f) == 1).Should().Equal(Enumerable.Range(0, 25).Select(i => i % 12 == 0));
        frames.Select(f => Mpeg12VideoBitstream.PictureCodingType(f)).Should().OnlyContain(t => t >= 1 && t <= 3);
        Mpeg12VideoBitstream.StartsWithSequenceHeader(frames[0]).Should().BeTrue();
        Mpeg12VideoBitstream.StartsWithSequenceHeader(frames[1]).Should().BeFalse();
    }

    /// <summary>Cuts an MPEG elementary stream before each boundary start code that follows a picture.</summary>
    private static List<byte[]> Frames(byte[] data, Func<byte, bool> boundary, byte picture)
    {
        var frames = new List<byte[]>();
        var start = 0;
        var hasPicture = false;
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1)
            {
                continue;
            }

            if (hasPicture && boundary(data[i + 3]))
            {
                frames.Add(data[start..i]);
                start = i;
                hasPicture = false;
            }

            hasPicture |= data[i + 3] == picture;
        }

        frames.Add(data[start..]);
        return frames;
    }
}
