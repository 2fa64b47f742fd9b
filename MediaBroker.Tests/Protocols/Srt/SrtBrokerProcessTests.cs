using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

/// <summary>The SRT server inside the real executable: an SRT publisher is read back over SRT and RTSP.</summary>
public sealed class SrtBrokerProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("srt-broker").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Broker_SrtPublish_ReadOverSrtAndRtsp()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var srt = await broker.ListenerAsync("SRT");
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var publisher = ExternalProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
            "-i", SrtTestServer.SampleTs, "-c", "copy", "-f", "mpegts", $"srt://127.0.0.1:{srt.Port}?streamid=publish:cam&pkt_size=1316"]);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);

        var viaSrt = Path.Combine(_dir, "srt.ts");
        var (code, output) = await ReadSrtAsync(srt.Port, viaSrt);
        code.Should().Be(0, output);
        (await CodecsAsync(viaSrt)).Should().Contain(["h264", "aac"]);

        // ffprobe, not a copy to .ts: ffmpeg cannot time B-frames read over RTP (no DTS), a client limit.
        (await CodecsAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", "-rtsp_transport", "tcp")).Should().Contain(["h264", "aac"]);
    }

    private static Task<(int Code, string Output)> ReadSrtAsync(int port, string file) =>
        SrtTestServer.RunAsync("ffmpeg", Timeout, "-hide_banner", "-loglevel", "error", "-y",
            "-i", $"srt://127.0.0.1:{port}?streamid=read:cam", "-c", "copy", "-t", "1", "-f", "mpegts", file);

    private static async Task<List<string>> CodecsAsync(string file, params string[] options)
    {
        var (code, stdout) = await SrtTestServer.RunAsync("ffprobe", Timeout, [.. options, "-v", "quiet", "-show_entries", "stream=codec_name", "-of", "json", file]);
        code.Should().Be(0, stdout);
        using var doc = JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]);
        return [.. doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()!)];
    }
}
