using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

// Readers that connect at the instant a path becomes ready get the stream's very first units: they must be
// decodable and timed like any later reader's (the SRT report: "first pts and dts value must be set").
public sealed partial class CrossProtocolTests
{
    [Theory]
    [InlineData("early1")]
    [InlineData("early2")]
    [InlineData("early3")]
    public async Task SrtPublish_ReadersJoinAtReady_CopyToTsTimedAndDecodable(string path)
    {
        await using var publisher = MediaTools.PublishH264Aac("mpegts", _broker.SrtPublish(path));
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains($"[path {path}] stream is ready", StringComparison.Ordinal), Timeout);

        // Started together right at "ready": a stream copy to .ts is the client that refuses an untimed first packet.
        var dir = Directory.CreateTempSubdirectory("early-reader").FullName;
        try
        {
            await Task.WhenAll(
                CopyToTsAsync("SRT", _broker.SrtRead(path), Path.Combine(dir, "srt.ts")),
                CopyToTsAsync("RTMP", _broker.Rtmp(path), Path.Combine(dir, "rtmp.ts")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task CopyToTsAsync(string via, string url, string file)
    {
        await using (var copy = ExternalProcess.Start("/usr/bin/ffmpeg",
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", url, "-c", "copy", "-t", "2", "-f", "mpegts", file]))
        {
            (await copy.WaitForExitAsync(Timeout)).Should().Be(0, $"{via}: {copy.Output}");
            copy.Output.Should().NotContain("first pts and dts", via);
        }

        // Two seconds are 50 frames. A reader that waited for the next key frame instead of starting at the cached
        // one (the first MPEG-TS reader did, up to a GOP late) copies audio alone at first and ends with ~25.
        var streams = await MediaTools.ProbeAsync(file, 5);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames >= 40, $"{via}: {string.Join("; ", streams)}");
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames >= 10, $"{via}: {string.Join("; ", streams)}");
    }
}
