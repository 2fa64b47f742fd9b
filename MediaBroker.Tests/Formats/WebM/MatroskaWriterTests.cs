using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.WebM;
using MediaBroker.Media;
using MediaBroker.Tests.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.WebM;

/// <summary>
/// The live Matroska writer (DocType <c>matroska</c>) on real captures: the track entries of <see cref="MatroskaTrackMapping"/>
/// (avcC, hvcC, av1C, AudioSpecificConfig, OpusHead...) and blocks framed as MP4 samples, read back by ffprobe, which must
/// decode every frame written with the right codec and size.
/// </summary>
public sealed class MatroskaWriterTests
{
    [RequiresFfmpegTheory]
    [InlineData("h264_aac.mp4", "h264", "aac")]
    [InlineData("h265_opus.mp4", "hevc", "opus")]
    [InlineData("av1_opus.mp4", "av1", "opus")]
    [InlineData("mpeg2_ac3.mp4", null, "ac3")]
    [InlineData("mpeg4_mp3.mp4", null, "mp3")]
    public async Task Write_Capture_FfprobeDecodesEveryFrame(string capture, string? videoCodec, string audioCodec)
    {
        var src = Fmp4TestMedia.Demux(capture);
        var video = src.Tracks.FirstOrDefault(t => t.Kind == MediaKind.Video && MatroskaTrackMapping.CanCarry(t.Codec, MatroskaDocType.Matroska));
        var audio = src.Tracks.First(t => t.Kind == MediaKind.Audio && MatroskaTrackMapping.CanCarry(t.Codec, MatroskaDocType.Matroska));
        (video is null).Should().Be(videoCodec is null, "the capture's video is carried exactly when expected");
        var firstKey = video is null ? null : src.Units.First(u => u.Track == video && u.IsKeyFrame);
        var entries = new List<WebmTrack>();
        Fmp4TrackInfo? videoFraming = null;
        if (video is not null)
        {
            MatroskaTrackMapping.TryCreate(video, 1, firstKey, out var v, out videoFraming).Should().Be(Fmp4TrackStatus.Ready);
            entries.Add(v!);
        }

        var audioNumber = video is null ? 1 : 2;
        MatroskaTrackMapping.TryCreate(audio, audioNumber, src.Units.First(u => u.Track == audio), out var a, out var audioFraming)
            .Should().Be(Fmp4TrackStatus.Ready);
        entries.Add(a!);

        var output = new ArrayBufferWriter<byte>();
        output.Write(WebmWriter.Header(entries, "test", MatroskaDocType.Matroska));
        long cluster = -1;
        int videoFrames = 0, audioFrames = 0;
        foreach (var u in firstKey is null ? src.Units : src.Units.SkipWhile(u => u != firstKey))
        {
            var isVideo = u.Track == video;
            if (!isVideo && u.Track != audio)
            {
                continue;
            }

            var ms = u.Pts * 1000 / u.Track.ClockRate;
            if (cluster < 0 || (isVideo && u.IsKeyFrame) || (video is null && ms - cluster >= 1000))
            {
                cluster = ms;
                WebmWriter.WriteClusterStart(output, ms);
            }

            var framing = isVideo ? videoFraming : audioFraming;
            var number = isVideo ? 1 : audioNumber;
            if (framing is null)
            {
                WebmWriter.WriteSimpleBlock(output, number, (int)(ms - cluster), !isVideo || u.IsKeyFrame, u.Payloads);
            }
            else
            {
                Fmp4SampleBuilder.TryBuild(framing, u, out var sample).Should().BeTrue();
                WebmWriter.WriteSimpleBlock(output, number, (int)(ms - cluster), !isVideo || u.IsKeyFrame, sample);
            }

            _ = isVideo ? videoFrames++ : audioFrames++;
        }

        var bytes = output.WrittenSpan.ToArray();
        bytes.AsSpan(0, 64).IndexOf("matroska"u8).Should().BePositive("the EBML header declares DocType matroska");
        var path = Path.Combine(Path.GetTempPath(), $"mkv-{Guid.NewGuid():N}.mkv");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var (exit, stdout, stderr) = await ExternalTool.RunAsync("ffprobe",
                ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,sample_rate,nb_read_frames", "-of", "json", path],
                TimeSpan.FromSeconds(60));
            exit.Should().Be(0, stderr);
            stderr.Should().BeEmpty();
            using var doc = JsonDocument.Parse(stdout);
            var streams = doc.RootElement.GetProperty("streams").EnumerateArray().ToList();
            streams.Should().HaveCount(entries.Count, stdout);
            if (videoCodec is not null)
            {
                streams[0].GetProperty("codec_name").GetString().Should().Be(videoCodec);
                streams[0].GetProperty("width").GetInt32().Should().Be(entries[0].Width).And.BePositive();
                streams[0].GetProperty("height").GetInt32().Should().Be(entries[0].Height).And.BePositive();
                streams[0].GetProperty("nb_read_frames").GetString().Should().Be(videoFrames.ToString(CultureInfo.InvariantCulture));
            }

            var audioStream = streams[^1];
            audioStream.GetProperty("codec_name").GetString().Should().Be(audioCodec);
            audioStream.GetProperty("sample_rate").GetString().Should().Be(entries[^1].SampleRate.ToString(CultureInfo.InvariantCulture));
            audioStream.GetProperty("nb_read_frames").GetString().Should().Be(audioFrames.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Header_DocTypeFollowsTheKind()
    {
        WebmTrack[] tracks = [new WebmTrack(1, false, "A_OPUS", default, 0, 0, 48000, 2)];
        Encoding.ASCII.GetString(WebmWriter.Header(tracks, "t", MatroskaDocType.Matroska)).Should().Contain("matroska").And.NotContain("webm");
        Encoding.ASCII.GetString(WebmWriter.Header(tracks, "t")).Should().Contain("webm").And.NotContain("matroska");
    }

    [Fact]
    public void CanCarry_WebmKeepsToItsSubset()
    {
        MatroskaTrackMapping.CanCarry(new Av1Codec(null), MatroskaDocType.WebM).Should().BeTrue();
        MatroskaTrackMapping.CanCarry(new H264Codec(null, null), MatroskaDocType.WebM).Should().BeFalse();
        MatroskaTrackMapping.CanCarry(new H264Codec(null, null), MatroskaDocType.Matroska).Should().BeTrue();
        MatroskaTrackMapping.CanCarry(new G711Codec(true), MatroskaDocType.Matroska).Should().BeFalse();
    }
}
