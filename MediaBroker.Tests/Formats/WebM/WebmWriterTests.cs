using System.Buffers;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Opus;
using MediaBroker.Codecs.Vp9;
using MediaBroker.Formats.WebM;
using MediaBroker.Tests.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.WebM;

public sealed class WebmWriterTests
{
    [Theory]
    [InlineData(126L, new byte[] { 0xFE })]
    [InlineData(127L, new byte[] { 0x40, 0x7F })] // 0xFF alone is the reserved "unknown"
    [InlineData(300L, new byte[] { 0x41, 0x2C })]
    public void WriteSize_ShortestVint(long size, byte[] expected)
    {
        var n = WebmWriter.SizeLength(size);
        var s = new byte[n];
        WebmWriter.WriteSize(s, size, n);
        s.Should().Equal(expected);
    }

    [Fact]
    public void WriteSimpleBlock_Layout_IdSizeTrackOffsetFlagsFrame()
    {
        var w = new ArrayBufferWriter<byte>();
        var n = WebmWriter.WriteSimpleBlock(w, 2, -5, true, new ReadOnlyMemory<byte>[] { new byte[] { 1, 2 }, new byte[] { 3 } });
        n.Should().Be(w.WrittenCount);
        w.WrittenSpan.ToArray().Should().Equal(0xA3, 0x87, 0x82, 0xFF, 0xFB, 0x80, 1, 2, 3);
    }

    /// <summary>The VP9 + Opus capture written as live WebM (a Cluster per key frame) is read back by ffprobe, every frame decoded.</summary>
    [RequiresFfmpegFact]
    public async Task Write_Vp9OpusCapture_FfprobeDecodesEveryFrame()
    {
        var src = Fmp4TestMedia.Demux("vp9_opus.mp4");
        var video = src.Tracks.Single(t => t.Codec is Vp9Codec);
        var audio = src.Tracks.Single(t => t.Codec is OpusCodec);
        var firstKey = src.Units.First(u => u.Track == video && u.IsKeyFrame);
        Vp9FrameHeader.TryParse(firstKey.Payloads[0].Span, out var key).Should().BeTrue();
        var channels = ((OpusCodec)audio.Codec).ChannelCount;
        var output = new ArrayBufferWriter<byte>();
        output.Write(WebmWriter.Header(
        [
            new WebmTrack(1, true, "V_VP9", default, key.Width, key.Height, 0, 0),
            new WebmTrack(2, false, "A_OPUS", OpusHead.Build(channels), 0, 0, 48000, channels, 312L * 1_000_000_000 / 48000),
        ], "test"));
        long cluster = -1;
        int videoFrames = 0, audioFrames = 0;
        foreach (var u in src.Units.SkipWhile(u => u != firstKey))
        {
            var ms = u.Pts * 1000 / u.Track.ClockRate;
            if (u.Track == video && u.IsKeyFrame)
            {
                cluster = ms;
                WebmWriter.WriteClusterStart(output, ms);
            }

            WebmWriter.WriteSimpleBlock(output, u.Track == video ? 1 : 2, (int)(ms - cluster), u.Track != video || u.IsKeyFrame, u.Payloads);
            _ = u.Track == video ? videoFrames++ : audioFrames++;
        }

        var path = Path.Combine(Path.GetTempPath(), $"webm-{Guid.NewGuid():N}.webm");
        await File.WriteAllBytesAsync(path, output.WrittenSpan.ToArray());
        try
        {
            var (exit, stdout, stderr) = await ExternalTool.RunAsync("ffprobe",
                ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,sample_rate,nb_read_frames", "-of", "json", path],
                TimeSpan.FromSeconds(20));
            exit.Should().Be(0, stderr);
            stderr.Should().BeEmpty();
            using var doc = JsonDocument.Parse(stdout);
            var streams = doc.RootElement.GetProperty("streams").EnumerateArray().ToList();
            streams.Should().HaveCount(2);
            streams[0].GetProperty("codec_name").GetString().Should().Be("vp9");
            streams[0].GetProperty("width").GetInt32().Should().Be(key.Width);
            streams[0].GetProperty("nb_read_frames").GetString().Should().Be(videoFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
            streams[1].GetProperty("codec_name").GetString().Should().Be("opus");
            streams[1].GetProperty("nb_read_frames").GetString().Should().Be(audioFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
