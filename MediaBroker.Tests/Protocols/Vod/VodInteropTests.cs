using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Streams.Files;
using Xunit;

namespace MediaBroker.Tests.Protocols.Vod;

/// <summary>
/// The seekable outputs of file paths read by ffprobe: the HLS VOD playlist (whole file, key-frame segments,
/// #EXT-X-ENDLIST) and the progressive MP4 with byte ranges, both seeked into; a folder's file; a Matroska file refused as vod.mp4.
/// </summary>
public sealed class VodInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vod").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [RequiresFfmpegFact]
    public async Task FilePath_VodPlaylistAndMp4_WholeFileAndSeek()
    {
        var clip = await MakeAsync("clip.mp4", 6);
        await FileClips.MakeAsync(_dir, "other.mkv");

        // A fragmented MP4, as the recorder writes them: its samples are in moof boxes.
        await using (var frag = ExternalProcess.Start("/usr/bin/ffmpeg",
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-c", "copy", "-movflags", "frag_keyframe+empty_moov", Path.Combine(_dir, "frag.mp4")]))
        {
            (await frag.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, frag.Output);
        }

        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              clip:
                source: file://{clip}
                sourceOnDemand: yes
              lib:
                source: file://{_dir}/
                sourceOnDemand: yes

            """);
        var hls = $"http://127.0.0.1:{(await broker.ListenerAsync("HLS")).Port}";

        var playlist = await _http.GetStringAsync($"{hls}/clip/vod.m3u8");
        playlist.Should().Contain("#EXT-X-PLAYLIST-TYPE:VOD").And.EndWith("#EXT-X-ENDLIST\n");
        var durations = playlist.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l[8..^1], CultureInfo.InvariantCulture)).ToList();
        durations.Should().HaveCount(6, "a key frame every second and hlsSegmentDuration 1s: " + playlist);
        durations.Sum().Should().BeApproximately(6, 0.1);

        foreach (var url in new[] { $"{hls}/clip/vod.m3u8", $"{hls}/clip/vod.mp4", $"{hls}/lib/clip.mp4/vod.m3u8", $"{hls}/lib/frag.mp4/vod.m3u8" })
        {
            var whole = await FileClips.ProbeAllAsync(url);
            whole.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames == 150, $"{url}: {string.Join("; ", whole)}");
            whole.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100, url);

            // Seek to 4 s: reading starts at the key frame (segment start) at or before 4 s, not at the file's start.
            // (frag.mp4's first frame lasts 63 ms, so its segment holding 4 s starts at 3.02 s.)
            var first = await FirstVideoFrameSecondsAsync(url, 4);
            first.Should().BeInRange(2.9, 4.1, url);
        }

        // Byte ranges of the file as it is on disk.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{hls}/clip/vod.mp4");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await _http.SendAsync(request);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        partial.Content.Headers.ContentRange!.Length.Should().Be(new FileInfo(clip).Length);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal((await File.ReadAllBytesAsync(clip))[1000..2000]);

        // Only an MP4 file is served as its own bytes; other containers are seeked through vod.m3u8 and vod.mpd.
        using var mkv = await _http.GetAsync($"{hls}/lib/other.mkv/vod.mp4");
        mkv.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await mkv.Content.ReadAsStringAsync()).Should().Contain("not an MP4/MOV file");
        using var missing = await _http.GetAsync($"{hls}/lib/missing.mp4/vod.m3u8");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The time of the first video frame ffprobe reads after seeking to <paramref name="seconds"/>, from the stream's start.</summary>
    private static async Task<double> FirstVideoFrameSecondsAsync(string url, int seconds)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "error", "-read_intervals", $"{seconds}%+0.3", "-select_streams", "v", "-show_entries", "frame=pts_time:stream=start_time",
            "-of", "json", url,
        ]);
        (await p.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, p.Output);
        using var doc = JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var start = double.Parse(doc.RootElement.GetProperty("streams")[0].GetProperty("start_time").GetString()!, CultureInfo.InvariantCulture);
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => double.Parse(f.GetProperty("pts_time").GetString()!, CultureInfo.InvariantCulture)).ToList();
        frames.Should().NotBeEmpty(p.Output);
        return frames.Min() - start;
    }

    private async Task<string> MakeAsync(string name, int seconds)
    {
        var file = Path.Combine(_dir, name);
        await using var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-movflags", "+faststart", file,
        ]);
        (await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, ffmpeg.Output);
        return file;
    }
}
