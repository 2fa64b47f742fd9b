using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Mp4FileReaderTests
{
    [Fact]
    public void Read_RegularMp4_ExpandsSampleTables()
    {
        var movie = Mp4FileReader.Read(Fmp4TestMedia.Load("h264_aac.mp4"));
        movie.IsFragmented.Should().BeFalse();
        movie.Tracks.Should().HaveCount(2);

        var video = movie.Tracks[0];
        video.SampleEntryType.Should().Be(Mp4BoxTypes.Avc1);
        video.ConfigBoxType.Should().Be(Mp4BoxTypes.Avcc);
        (video.Width, video.Height).Should().Be((160, 120));
        video.Samples.Should().HaveCount(50);
        video.Samples.Count(s => s.IsSync).Should().Be(2, "-g 25 over 2 s");
        video.Samples.Select(s => s.Dts).Should().BeInAscendingOrder();
        video.Samples.Should().Contain(s => s.CompositionOffset > 0);

        var audio = movie.Tracks[1];
        audio.SampleEntryType.Should().Be(Mp4BoxTypes.Mp4a);
        audio.ObjectTypeIndication.Should().Be(0x40);
        (audio.SampleRate, audio.ChannelCount).Should().Be((44100, 2));
        audio.Config![..2].Should().Equal(0x12, 0x10); // AAC-LC, 44.1 kHz, stereo (plus ffmpeg's SBR sync extension)
        audio.Samples.Should().OnlyContain(s => s.IsSync);
    }

    [Theory]
    [InlineData("h264_aac.mp4")]
    [InlineData("av1_opus.mp4")]
    public void Read_EveryTruncation_ReturnsOrThrowsOnlyProtocolException(string name)
    {
        var src = Fmp4TestMedia.Demux(name);
        var fragmented = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        foreach (var data in new[] { src.Bytes, fragmented })
        {
            for (var n = 0; n < data.Length; n += n < 4096 ? 1 : 61)
            {
                try
                {
                    Mp4FileReader.Read(data.AsSpan(0, n));
                }
                catch (Mp4ProtocolException)
                {
                }
            }
        }
    }

    [Fact]
    public void Read_CorruptedBytes_OnlyProtocolExceptionEscapes()
    {
        var src = Fmp4TestMedia.Demux("h265_opus.mp4");
        var fragmented = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var random = new Random(1234);
        foreach (var original in new[] { src.Bytes, fragmented })
        {
            for (var round = 0; round < 1500; round++)
            {
                var data = (byte[])original.Clone();
                var flips = random.Next(1, 6);
                for (var f = 0; f < flips; f++)
                {
                    // Mostly hit box headers and tables (the first and last 4 KB), sometimes anywhere.
                    var region = random.Next(3);
                    var at = region switch
                    {
                        0 => random.Next(Math.Min(4096, data.Length)),
                        1 => data.Length - 1 - random.Next(Math.Min(4096, data.Length)),
                        _ => random.Next(data.Length),
                    };
                    data[at] = (byte)random.Next(256);
                }

                try
                {
                    AssertSamplesInsideFile(Mp4FileReader.Read(data), data.Length);
                }
                catch (Mp4ProtocolException)
                {
                }
            }

            // The noise left nothing behind: the intact file still reads, every sample inside it.
            var intact = Mp4FileReader.Read(original);
            intact.Tracks.Should().HaveCount(2);
            AssertSamplesInsideFile(intact, original.Length);
        }
    }

    [Fact]
    public void Read_RandomBytes_OnlyProtocolExceptionEscapes()
    {
        var random = new Random(42);
        for (var round = 0; round < 3000; round++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (data.Length >= 8 && round % 2 == 0)
            {
                // Plausible headers so the walk gets past the first box.
                data[0] = 0;
                data[1] = 0;
                data[2] = 0;
                data[3] = (byte)Math.Min(data.Length, 255);
                "moov"u8.CopyTo(data.AsSpan(4));
            }

            try
            {
                AssertSamplesInsideFile(Mp4FileReader.Read(data), data.Length);
            }
            catch (Mp4ProtocolException)
            {
            }
        }
    }

    /// <summary>What the reader returns can be used as is: every sample's bytes lie inside the file.</summary>
    private static void AssertSamplesInsideFile(Mp4Movie movie, long fileLength)
    {
        foreach (var track in movie.Tracks)
        {
            foreach (var s in track.Samples)
            {
                (s.Offset >= 0 && s.Size >= 0 && s.Offset + s.Size <= fileLength).Should().BeTrue(
                    $"sample at {s.Offset} of {s.Size} bytes lies inside a {fileLength}-byte file");
            }
        }
    }

    [Fact]
    public void TryGetCodec_Captures_MapToOurCodecs()
    {
        var names = new Dictionary<string, string[]>
        {
            ["h264_aac.mp4"] = ["H264", "MPEG-4 Audio"],
            ["h265_opus.mp4"] = ["H265", "Opus"],
            ["av1_opus.mp4"] = ["AV1", "Opus"],
            ["vp9_opus.mp4"] = ["VP9", "Opus"],
            ["mpeg4_mp3.mp4"] = ["MPEG-4 Video", "MPEG-1/2 Audio"],
            ["mpeg2_ac3.mp4"] = ["MPEG-1/2 Video", "AC3"],
            ["mjpeg.mp4"] = ["M-JPEG"],
        };
        foreach (var (file, codecs) in names)
        {
            var movie = Mp4FileReader.Read(Fmp4TestMedia.Load(file));
            movie.Tracks.Select(t => Mp4TrackCodecs.TryGetCodec(t)?.Name).Should().Equal(codecs, file);
        }
    }
}
