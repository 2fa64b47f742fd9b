using FluentAssertions;

namespace MediaBroker.Tests.Deploy;

/// <summary>The published self-contained single file is the product people download: it must start and serve on its own.</summary>
public sealed class SingleFileExecutableTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresSingleFileFact]
    public async Task PublishedSingleFile_StartsAlone_AndServesAStreamAcrossProtocols()
    {
        var executable = RequiresSingleFileFactAttribute.Path;
        File.Exists(System.IO.Path.ChangeExtension(executable, ".dll")).Should().BeFalse("the executable carries the assembly");

        // No dotnet on the command line and a bare environment: the file brings its runtime.
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\npaths:\n  all_others:\n",
            new Dictionary<string, string> { ["DOTNET_ROOT"] = "/nonexistent" }, executable);
        var rtmp = await broker.ListenerAsync("RTMP");
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp.Port}/cam", 60);

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().ContainSingle(s => s.Type == "video").Which.Should().Match<ProbedStream>(
            s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames >= 25);
        streams.Should().ContainSingle(s => s.Type == "audio").Which.Codec.Should().Be("aac");

        // Embedded resources (the dashboard) come out of the single file too.
        var api = await broker.ListenerAsync("API");
        using var http = new HttpClient { Timeout = Timeout };
        var page = await http.GetStringAsync($"http://127.0.0.1:{api.Port}/ui/");
        page.Should().Contain("<html", "the dashboard page is embedded in the executable");
    }
}
