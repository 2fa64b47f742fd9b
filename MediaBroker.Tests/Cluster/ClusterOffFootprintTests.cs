using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// With <c>cluster: no</c> (the default) the Redis client library is never loaded: a broker that publishes, is read
/// and answers a read of a missing path (the calls that ask the cluster directory) has no StackExchange.Redis mapping.
/// </summary>
public sealed class ClusterOffFootprintTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task ClusterOff_PublishAndRead_RedisClientNeverLoaded()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/cam", 60);
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/live/cam", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 0);
        var missing = () => MediaTools.ProbeAsync($"rtsp://127.0.0.1:{rtsp}/live/missing", 1);
        (await missing.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*404*");

        var maps = await File.ReadAllTextAsync($"/proc/{broker.Process.Id}/maps");
        maps.Should().Contain("mediabroker.dll", "the maps of the broker itself");
        maps.Should().NotContain("StackExchange.Redis", "cluster: no must not load the Redis client");
    }
}
