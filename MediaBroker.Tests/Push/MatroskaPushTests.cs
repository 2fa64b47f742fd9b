using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Tests.Record;
using Xunit;
using static MediaBroker.Tests.Push.PushTestBroker;

namespace MediaBroker.Tests.Push;

/// <summary>
/// <c>.mkv</c> file pushes in the real executable: an RTMP-published H264 + AAC path and an RTSP-published H265 path are
/// written as live Matroska, which ffprobe decodes while the file grows and after the push stops, with the right codecs,
/// picture size and about as many frames as the file's duration times the frame rate.
/// </summary>
public sealed class MatroskaPushTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task MkvPush_OfRtmpH264Aac_DecodesWhileWrittenAndAfter()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        await using var publisher = await PublishAsync(broker, "cam");

        var file = await PushAndCheckAsync(broker, "cam", "h264", "aac");
        publisher.HasExited.Should().BeFalse("the push never disturbs the publisher");
        File.Exists(file).Should().BeTrue();
    }

    [RequiresFfmpegFact]
    public async Task MkvPush_OfRtspH265_DecodesWhileWrittenAndAfter()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var publisher = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "120",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=25:bframes=0", "-pix_fmt", "yuv420p",
            "-f", "rtsp", "-rtsp_transport", "tcp", $"rtsp://127.0.0.1:{rtsp.Port}/cam265",
        ]);
        await WaitReadyAsync(broker, "cam265");

        await PushAndCheckAsync(broker, "cam265", "hevc", null);
        publisher.HasExited.Should().BeFalse("the push never disturbs the publisher");
    }

    /// <summary>Starts a .mkv push of <paramref name="path"/>, probes the growing file, stops the push and probes it again.</summary>
    private static async Task<string> PushAndCheckAsync(BrokerProcess broker, string path, string video, string? audio)
    {
        using var api = await ApiAsync(broker);
        var file = Path.Combine(broker.Directory, "out", $"{path}.mkv");
        var started = await PostAsync(api, "/v3/pushes/start", new JsonObject { ["path"] = path, ["target"] = file });
        var id = started["id"]!.GetValue<int>();

        await RecordFiles.WaitUntilAsync(() => File.Exists(file) && new FileInfo(file).Length > 100_000, Timeout, file + " growing");
        var live = await ProbeAsync(file);
        live.Video.Codec.Should().Be(video, live.Output);
        live.Video.Width.Should().Be(320);
        live.Video.Height.Should().Be(240);
        live.Video.Frames.Should().BeGreaterThan(10, "the file decodes while it is written: {0}", live.Output);
        if (audio is not null)
        {
            live.Audio.Should().NotBeNull(live.Output);
            live.Audio!.Codec.Should().Be(audio, live.Output);
        }

        // Let it grow to a few seconds, then stop: the whole file decodes, at 25 frames a second of its duration.
        await RecordFiles.WaitUntilAsync(() => new FileInfo(file).Length > 400_000, Timeout, file + " a few seconds long");
        (await PostAsync(api, $"/v3/pushes/stop/{id}", null))["status"]!.GetValue<string>().Should().Be("ok");
        var done = await ProbeAsync(file);
        done.Video.Codec.Should().Be(video, done.Output);
        done.VideoSpan.Should().BeGreaterThan(2, done.Output);
        done.FirstVideoTime.Should().BeLessThan(0.1, "the file's times start at 0: {0}", done.Output);
        done.Video.Frames.Should().BeCloseTo((int)Math.Round(done.VideoSpan * 25) + 1, 3, "25 fps over the file's span: {0}", done.Output);
        if (audio is not null)
        {
            done.Audio.Should().NotBeNull(done.Output);
            done.Audio!.Codec.Should().Be(audio);
            done.Audio.Frames.Should().BeGreaterThan(0);
        }
        else
        {
            done.Audio.Should().BeNull();
        }

        return file;
    }

    /// <summary>ffprobe decoding the whole file: its video and audio stream (frames decoded), and the span of its video packets' times.</summary>
    private static async Task<MkvProbe> ProbeAsync(string file)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", "-count_frames", "-show_entries", "stream=codec_type,codec_name,width,height,nb_read_frames:format=format_name",
            "-of", "json", file,
        ]);
        var code = await p.WaitForExitAsync(MediaTools.ProbeTimeout);
        code.Should().Be(0, p.Output);
        using var doc = JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var format = doc.RootElement.GetProperty("format");
        format.GetProperty("format_name").GetString().Should().StartWith("matroska");
        await using var packets = ExternalProcess.Start("/usr/bin/ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file]);
        (await packets.WaitForExitAsync(MediaTools.ProbeTimeout)).Should().Be(0, packets.Output);
        var times = packets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => double.TryParse(l.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN)
            .Where(t => !double.IsNaN(t)).ToList();
        times.Should().NotBeEmpty(packets.Output);
        var streams = doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => (
            Type: s.GetProperty("codec_type").GetString(),
            Stream: new MkvStream(
                s.GetProperty("codec_name").GetString()!,
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                s.TryGetProperty("nb_read_frames", out var n) && int.TryParse(n.GetString(), out var f) ? f : 0))).ToList();
        return new MkvProbe(
            streams.Single(s => s.Type == "video").Stream,
            streams.SingleOrDefault(s => s.Type == "audio").Stream,
            times.Max() - times.Min(),
            times.Min(),
            p.Output);
    }

    private sealed record MkvStream(string Codec, int Width, int Height, int Frames);

    private sealed record MkvProbe(MkvStream Video, MkvStream? Audio, double VideoSpan, double FirstVideoTime, string Output);
}
