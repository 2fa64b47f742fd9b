using System.Buffers;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Fmp4InitWriterTests
{
    [Theory]
    [InlineData("h264_aac.mp4", @"^avc1\.64[0-9a-f]{4}$", "mp4a.40.2")]
    [InlineData("h265_opus.mp4", @"^hvc1\.1\.6\.L\d+\.[0-9A-F]{2}$", "opus")]
    [InlineData("av1_opus.mp4", @"^av01\.0\.\d\dM\.08$", "opus")]
    [InlineData("vp9_opus.mp4", @"^vp09\.00\.31\.08$", "opus")]
    [InlineData("mpeg4_mp3.mp4", @"^mp4v\.20$", "mp4a.40.34")]
    [InlineData("mpeg2_ac3.mp4", @"^mp4v\.61$", "ac-3")]
    public void TryCreate_Captures_DescribeTracksLikeTheSource(string name, string videoCodecs, string audioCodecs)
    {
        var src = Fmp4TestMedia.Demux(name);
        var infos = Fmp4TestMedia.TrackInfos(src);
        infos[0].CodecsString.Should().MatchRegex(videoCodecs);
        infos[1].CodecsString.Should().Be(audioCodecs);
        infos[0].Timescale.Should().Be(90000);
        infos[1].Timescale.Should().Be(src.Movie.Tracks[1].SampleRate);
        if (name != "mpeg4_mp3.mp4")
        {
            (infos[0].Width, infos[0].Height).Should().Be((160, 120));
        }

        // Reading our init segment back gives the same codec configuration as the source file.
        var init = Mp4FileReader.Read(Fmp4InitWriter.Build(infos));
        init.HasMovieExtends.Should().BeTrue();
        init.Tracks.Select(t => t.SampleEntryType).Should().Equal(src.Movie.Tracks.Select(t => t.SampleEntryType));
        init.Tracks.Select(t => t.TrackId).Should().Equal(1, 2);
        for (var i = 0; i < infos.Count; i++)
        {
            init.Tracks[i].Samples.Should().BeEmpty();
            init.Tracks[i].ObjectTypeIndication.Should().Be(src.Movie.Tracks[i].ObjectTypeIndication);
            Mp4TrackCodecs.TryGetCodec(init.Tracks[i])!.Name.Should().Be(src.Tracks[i].Codec.Name);
        }
    }

    [Fact]
    public void TryCreate_H264Parameters_MatchSourceAvcC()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var init = Mp4FileReader.Read(Fmp4InitWriter.Build(Fmp4TestMedia.TrackInfos(src)));
        init.Tracks[0].Config.Should().Equal(src.Movie.Tracks[0].Config, "x264's avcC carries the same fields and parameter sets");
        init.Tracks[1].Config.Should().Equal(src.Movie.Tracks[1].Config);
    }

    [Fact]
    public void TryCreate_MissingOrUnsupported_ReportsStatus()
    {
        Fmp4TrackInfo.TryCreate(1, new H264Codec(null, null), default(ReadOnlySpan<byte>), out _).Should().Be(Fmp4TrackStatus.NeedsSample);
        Fmp4TrackInfo.TryCreate(1, new Vp9Codec(), [0x86, 0x00, 0x40], out _).Should().Be(Fmp4TrackStatus.NeedsSample, "not a key frame");
        Fmp4TrackInfo.TryCreate(1, new Mpeg12AudioCodec(), default(ReadOnlySpan<byte>), out _).Should().Be(Fmp4TrackStatus.NeedsSample);
        Fmp4TrackInfo.TryCreate(1, new Vp8Codec(), default(ReadOnlySpan<byte>), out _).Should().Be(Fmp4TrackStatus.Unsupported);
        Fmp4TrackInfo.TryCreate(1, new G722Codec(), default(ReadOnlySpan<byte>), out _).Should().Be(Fmp4TrackStatus.Unsupported);
        Fmp4TrackInfo.TryCreate(1, new H264Codec([0x67, 0x64, 0x00, 0x1F], [0x68]), default(ReadOnlySpan<byte>), out _).Should().Be(Fmp4TrackStatus.Unsupported);
    }

    [Theory]
    [InlineData("ulaw", "pcm_mulaw", 8000, 1)]
    [InlineData("alaw", "pcm_alaw", 8000, 2)]
    [InlineData("l16", "pcm_s16be", 48000, 2)]
    [InlineData("l24", "pcm_s24be", 44100, 1)]
    public async Task Write_PcmTracks_FfprobeReadsThem(string kind, string expectedCodec, int rate, int channels)
    {
        Codec codec = kind switch
        {
            "ulaw" => new G711Codec(true, rate, channels),
            "alaw" => new G711Codec(false, rate, channels),
            "l16" => new LpcmCodec(16, rate, channels),
            _ => new LpcmCodec(24, rate, channels),
        };
        var bytesPerFrame = kind switch { "l16" => 2, "l24" => 3, _ => 1 } * channels;
        var track = new Track(0, codec);
        Fmp4TrackInfo.TryCreate(1, codec, default(ReadOnlySpan<byte>), out var info).Should().Be(Fmp4TrackStatus.Ready);
        var output = new ArrayBufferWriter<byte>();
        Fmp4InitWriter.Write(output, [info!]);
        var writer = new Fmp4FragmentWriter([info!]);
        var samplesPerUnit = rate / 50;
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var payload = new byte[samplesPerUnit * bytesPerFrame];
            random.NextBytes(payload);
            writer.Add(0, new Unit { Track = track, Pts = i * samplesPerUnit, Dts = i * samplesPerUnit, Payloads = [payload] }).Should().BeTrue();
            if (i % 10 == 9)
            {
                writer.Write(output);
            }
        }

        writer.WriteFinal(output);
        var path = Path.Combine(Path.GetTempPath(), $"fmp4-pcm-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, output.WrittenSpan.ToArray());
        try
        {
            var (exit, stdout, stderr) = await ExternalTool.RunAsync("ffprobe",
                ["-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels,duration", "-of", "compact=p=0:nk=1", path], TimeSpan.FromSeconds(20));
            exit.Should().Be(0, stderr);
            stdout.Trim().Should().StartWith($"{expectedCodec}|{rate}|{channels}|1.0");
            (exit, _, stderr) = await ExternalTool.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"], TimeSpan.FromSeconds(20));
            exit.Should().Be(0);
            stderr.Should().BeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
