using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using MediaBroker.Bench;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// HLS viewers reading a node through nginx with deploy/nginx/hls-cache.conf: for LL-HLS the node sees about one
/// request per part, segment and blocking playlist reload, whatever the number of viewers; for plain HLS one per
/// segment, while every playlist reload (no-cache) reaches it. The figures of docs/cluster.md come from these tests
/// with <c>MEDIABROKER_HLS_CACHE_VIEWERS=100 MEDIABROKER_HLS_CACHE_SECONDS=20</c>.
/// </summary>
public sealed class NginxHlsCacheTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresNginxFact]
    public async Task LlHlsViewersThroughNginx_NodeSeesAboutOneRequestPerUrl_AndEveryViewerGetsMedia()
    {
        // 15 parts of 200 ms: 3 s of media per viewer before the counts are taken.
        var run = await RunAsync("lowLatency", 15, (port, c, ct) => HlsReader.RunAsync(port, "live/cam", c, ct));

        // Parts, segments and blocking reloads (cached under their full URL): about one node request per distinct URL.
        var cached = run.Log.Where(l => l.Kind != "playlist").ToList();
        var cachedUrls = cached.Select(l => l.Uri).Distinct(StringComparer.Ordinal).Count();
        cached.Count(l => l.ReachedNode).Should().BeLessThanOrEqualTo((int)(1.5 * cachedUrls), "concurrent misses of one URL collapse into one node request");
        cached.Should().Contain(l => l.Kind == "part" && l.CacheStatus == "HIT");
        cached.Should().Contain(l => l.Kind == "blocking playlist" && l.CacheStatus == "HIT");

        // Playlists without _HLS_msn are "no-cache": each viewer's first two requests (index.m3u8 and stream.m3u8).
        var fresh = run.Log.Where(l => l.Kind == "playlist").ToList();
        fresh.Should().OnlyContain(l => l.CacheStatus == "BYPASS" && l.ReachedNode);
        fresh.Count.Should().BeLessThanOrEqualTo(2 * run.Viewers);

        // So the node answers a fraction of what the viewers ask.
        run.Log.Count(l => l.ReachedNode).Should().BeLessThan(run.Log.Count / 4, "{0} viewers share the cached answers", run.Viewers);
    }

    [RequiresNginxFact]
    public async Task PlainHlsViewersThroughNginx_NodeSeesOneRequestPerSegment_AndEveryPlaylistReload()
    {
        // 3 segments of 1 s per viewer.
        var run = await RunAsync("fmp4", 3, PlainHlsViewer.RunAsync);

        var media = run.Log.Where(l => l.Kind is "segment" or "init").ToList();
        var mediaUrls = media.Select(l => l.Uri).Distinct(StringComparer.Ordinal).Count();
        media.Count(l => l.ReachedNode).Should().BeLessThanOrEqualTo((int)(1.5 * mediaUrls), "concurrent misses of one segment collapse into one node request");
        media.Should().Contain(l => l.Kind == "segment" && l.CacheStatus == "HIT");

        // Plain playlists are "no-cache" (as MediaMTX's): every reload reaches the node.
        run.Log.Where(l => l.Kind == "playlist").Should().OnlyContain(l => l.CacheStatus == "BYPASS" && l.ReachedNode);
    }

    private async Task<CacheRun> RunAsync(string variant, int mediaPerViewer, Func<int, ReaderCounters, CancellationToken, Task> viewer)
    {
        var viewers = EnvInt("MEDIABROKER_HLS_CACHE_VIEWERS", 20);
        var minSeconds = EnvInt("MEDIABROKER_HLS_CACHE_SECONDS", 0);
        await using var node = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            hlsVariant: {variant}
            hlsPartDuration: 200ms
            hlsSegmentDuration: 1s
            paths:
              all_others:

            """);
        var rtmp = (await node.ListenerAsync("RTMP")).Port;
        var hls = (await node.ListenerAsync("HLS")).Port;
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/cam", 600);
        await using var nginx = await NginxHlsCache.StartAsync(hls);

        // What a player gets through the cache decodes (ffmpeg reads the playlists and segments through nginx).
        var probed = await MediaTools.ProbeWhenReadyAsync($"http://127.0.0.1:{nginx.Port}/live/cam/index.m3u8", Timeout);
        probed.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0, nginx.Process.Output);
        probed.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);

        var logStart = nginx.LogLineCount;
        var nodeCpu0 = ProcStats.CpuTime(node.Process.Id);
        var nginxCpu0 = ProcStats.CpuTime(nginx.Process.Id);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var counters = Enumerable.Range(0, viewers).Select(_ => new ReaderCounters()).ToArray();
        var tasks = counters.Select(c => Task.Run(() => viewer(nginx.Port, c, stop.Token))).ToArray();
        while ((counters.Any(c => c.Messages < mediaPerViewer) || clock.Elapsed.TotalSeconds < minSeconds)
            && clock.Elapsed < Timeout + TimeSpan.FromSeconds(minSeconds) && !tasks.Any(t => t.IsCompleted))
        {
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(Timeout);
        var elapsed = clock.Elapsed;
        var nodeCores = (ProcStats.CpuTime(node.Process.Id) - nodeCpu0) / elapsed;
        var nginxCores = (ProcStats.CpuTime(nginx.Process.Id) - nginxCpu0) / elapsed;
        var log = nginx.ReadLog(logStart);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variant}: {viewers} viewers, {elapsed.TotalSeconds:F1} s, load average {File.ReadAllText("/proc/loadavg").Trim()}; node {nodeCores:F3} cores, nginx {nginxCores:F3} cores"));
        output.WriteLine("| request | viewer requests | node requests | distinct URLs | node requests per URL |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var g in log.GroupBy(l => l.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Append(log.GroupBy(_ => "all").Single()))
        {
            var distinct = g.Select(l => l.Uri).Distinct(StringComparer.Ordinal).Count();
            var reached = g.Count(l => l.ReachedNode);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} | {reached} | {distinct} | {(double)reached / distinct:F2} |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"viewers: {counters.Average(c => c.Bytes) * 8 / elapsed.TotalSeconds / 1000:F0} kbit/s mean, {counters.Min(c => c.Messages)} to {counters.Max(c => c.Messages)} parts/segments"));

        counters.Select(c => c.Error).Should().OnlyContain(e => e == null);
        counters.Should().OnlyContain(c => c.Messages >= mediaPerViewer && c.Bytes > c.Messages * 100, "every viewer read media through the cache");
        // 499: a request in flight when the viewers stopped.
        log.Should().OnlyContain(l => l.Status == 200 || l.Status == 499);
        return new CacheRun(viewers, log);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private sealed record CacheRun(int Viewers, IReadOnlyList<NginxHlsCache.CacheLogLine> Log);
}
