using System.Diagnostics;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Streams.Files;

/// <summary>
/// Paths with <c>source: file://</c> read by real clients: every frame of the file over RTSP and RTMP, a looped file
/// past its end over RTSP and HLS, the containers MP4, Matroska, MPEG-TS and FLV, a folder of files, and files that
/// are not media.
/// </summary>
public sealed class FileSourceInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("file-source").FullName;

    [RequiresFfmpegFact]
    public async Task OnDemandFile_ReadOverRtspAndRtmp_ReaderGetsEveryFrameThenTheEnd()
    {
        var clip = await FileClips.MakeAsync(_dir, "clip.mp4");
        var expected = await FileClips.ProbeAllAsync(clip);
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              clip:
                source: file://{clip}
                sourceOnDemand: yes
                sourceOnDemandCloseAfter: 1s

            """);
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}/clip";
        var rtmp = $"rtmp://127.0.0.1:{(await broker.ListenerAsync("RTMP")).Port}/clip";

        foreach (var (url, args) in new[] { (rtsp, new[] { "-rtsp_transport", "tcp" }), (rtmp, Array.Empty<string>()) })
        {
            var clock = Stopwatch.StartNew();
            var got = await FileClips.ProbeAllAsync(url, null, args);
            clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(FileClips.Seconds - 0.5), $"{url}: the file is paced in real time");
            got.Should().ContainSingle(s => s.Type == "video").Which.Should().Be(expected.Single(s => s.Type == "video"), url);
            var audio = got.Should().ContainSingle(s => s.Type == "audio").Which;
            audio.Codec.Should().Be("aac");
            audio.SampleRate.Should().Be(44100);
            audio.Frames.Should().BeCloseTo(expected.Single(s => s.Type == "audio").Frames, 2, url);
        }
    }

    [RequiresFfmpegFact]
    public async Task LoopedFile_ReadLongerThanTheFile_OverRtspAndHls_KeepsPlaying()
    {
        var clip = await FileClips.MakeAsync(_dir, "clip.mp4");
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            api: yes
            paths:
              loop:
                source: file://{clip}?loop=yes

            """);
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}/loop";
        using (var http = new HttpClient())
        {
            // Not on demand: the file plays from start-up, and the API names the source.
            var api = $"http://{await broker.ListenerAsync("API")}/v3/paths/get/loop";
            var deadline = DateTime.UtcNow + Timeout;
            string json;
            while (!(json = await http.GetStringAsync(api)).Contains("\"ready\":true", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            json.Should().Contain("\"ready\":true").And.Contain("\"type\":\"fileSource\"");
        }

        var hls = $"http://127.0.0.1:{(await broker.ListenerAsync("HLS")).Port}/loop/index.m3u8";

        // Seven seconds of a three-second file: two loops and more, at 25 fps. The first RTSP reader creates the path's
        // RTP encoder, whose group-of-pictures cache is still empty: its video starts at the next key frame (up to the
        // clip's 1 s GOP) while audio flows at once, and ffprobe's 7 s run from the first packet, so 6 s of video at least.
        var got = await MediaTools.ProbeWhenReadyAsync(rtsp, Timeout, 7, "-rtsp_transport", "tcp");
        got.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames >= 145, string.Join("; ", got));
        got.Should().Contain(s => s.Codec == "aac" && s.Frames > 250, string.Join("; ", got));

        // Across the loops, time only moves forward, frame by frame.
        var dts = await FileClips.VideoDtsAsync(rtsp, 7, "-rtsp_transport", "tcp");
        dts.Should().HaveCountGreaterThan(150);
        dts.Zip(dts.Skip(1), (a, b) => b - a).Should().OnlyContain(d => d > 0 && d < 0.1, "25 fps with no jump back at the loop");
        (dts[^1] - dts[0]).Should().BeGreaterThan(FileClips.Seconds + 1);

        var viaHls = await MediaTools.ProbeWhenReadyAsync(hls, Timeout, 7);
        viaHls.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 100, string.Join("; ", viaHls));
        viaHls.Should().Contain(s => s.Codec == "aac", string.Join("; ", viaHls));
    }

    [RequiresFfmpegFact]
    public async Task MatroskaTsAndFlvFiles_InAFolder_ReadOverRtspAndRtmp()
    {
        var library = Directory.CreateDirectory(Path.Combine(_dir, "library")).FullName;
        string[] names = ["clip.mkv", "clip.ts", "movie.flv", "bframes.mkv"];
        foreach (var name in names)
        {
            // Matroska has no decode times: the reader derives them for B-frames.
            await FileClips.MakeAsync(library, name, name.StartsWith("bframes", StringComparison.Ordinal) ? 3 : 0);
        }

        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              vod:
                source: file://{library}/
                sourceOnDemand: yes
                sourceOnDemandCloseAfter: 1s

            """);
        var rtspPort = (await broker.ListenerAsync("RTSP")).Port;
        var rtmpPort = (await broker.ListenerAsync("RTMP")).Port;

        foreach (var name in names)
        {
            var expected = (await FileClips.ProbeAllAsync(Path.Combine(library, name))).Single(s => s.Type == "video");
            foreach (var (url, args) in new[]
            {
                ($"rtsp://127.0.0.1:{rtspPort}/vod/{name}", new[] { "-rtsp_transport", "tcp" }),
                // RTMP clients drop ".flv" from the name they ask for; vod/clip finds the first clip.* of the folder, so
                // the other files are asked for with their extensions.
                ($"rtmp://127.0.0.1:{rtmpPort}/vod/{name}", Array.Empty<string>()),
            })
            {
                var got = await FileClips.ProbeAllAsync(url, null, args);
                got.Should().ContainSingle(s => s.Type == "video").Which.Should().Be(expected with { Frames = FileClips.Fps * FileClips.Seconds }, url);
                got.Should().ContainSingle(s => s.Type == "audio").Which.Codec.Should().Be("aac", url);
            }
        }

        // A name that is not a file in the folder is not a path.
        var missing = async () => await FileClips.ProbeAllAsync($"rtsp://127.0.0.1:{rtspPort}/vod/missing.mp4", null, "-rtsp_transport", "tcp");
        (await missing.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("404");
    }

    [RequiresFfmpegFact]
    public async Task FilesThatAreNotMedia_ReaderIsRefusedAtOnce_AndTheReasonIsLogged()
    {
        var library = Directory.CreateDirectory(Path.Combine(_dir, "bad")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(library, "text.mp4"), "this is not a movie\n"u8.ToArray());
        var clip = await FileClips.MakeAsync(_dir, "whole.mkv");
        var bytes = await File.ReadAllBytesAsync(clip);
        await File.WriteAllBytesAsync(Path.Combine(library, "cut.mkv"), bytes[..200]); // the EBML header and part of the segment's head
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              bad:
                source: file://{library}/
                sourceOnDemand: yes
                sourceOnDemandStartTimeout: 30s

            """);
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}/bad/";

        foreach (var (name, reason) in new[] { ("text.mp4", "is not a usable MP4 file"), ("cut.mkv", "cut.mkv: ") })
        {
            var clock = Stopwatch.StartNew();
            var read = async () => await FileClips.ProbeAllAsync(rtsp + name, null, "-rtsp_transport", "tcp");
            await read.Should().ThrowAsync<InvalidOperationException>();
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the reader is refused when the file fails, not at the 30 s start timeout");
            await broker.Process.WaitForLineAsync(l => l.Contains($"bad/{name}", StringComparison.Ordinal) && l.Contains("cannot be played", StringComparison.Ordinal)
                && l.Contains(reason, StringComparison.Ordinal), Timeout);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
