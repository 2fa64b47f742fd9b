using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The cluster scenario, small, against real brokers and a real redis-server, so that the tool cannot silently rot.</summary>
public sealed class ClusterSmokeTests
{
    [RequiresFfmpegFact]
    public async Task Cluster_ThreeNodesSixReaders_OnePullPerEdge_EveryReaderGetsMedia()
    {
        var result = await ClusterRunner.RunAsync(new ClusterOptions
        {
            Nodes = 3,
            Readers = 6,
            Seconds = 4,
            WarmupSeconds = 2,
            RampPerSecond = 20,
            BrokerCpus = null,
            PublisherCpus = null,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
            CompareSingleNode = false,
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(5));

        result.Nodes.Select(n => n.Role).Should().Equal("owner", "edge", "edge");
        result.Nodes.Should().OnlyContain(n => n.Readers == 2 && n.Failed == 0 && n.WithoutMedia == 0 && n.MinReaderKbps > 0,
            "every reader on every node got media");
        result.Nodes.Should().OnlyContain(n => n.Cores > 0 && n.RssMib > 0);

        var owner = result.Nodes[0];
        owner.Source.Should().Be("rtmpConn");
        owner.PullsServed.Should().Be(2, "each edge pulls the path from the owner once, for both its readers");
        owner.InboundKbps.Should().BePositive();
        foreach (var edge in result.Nodes.Skip(1))
        {
            edge.Source.Should().Be("rtspSource");
            // Two readers, one copy of the stream: a pull per reader would make this about 2.
            edge.InboundPerStream.Should().BeInRange(0.5, 1.5);
        }

        ClusterCommand.Markdown(result).Should().Contain("| node-b | edge | rtspSource | 2 |");
    }

    [Fact]
    public void NodeConfig_JoinsTheClusterAndAdvertisesLoopback()
    {
        var config = ClusterRunner.NodeConfig("node-b", "redis://127.0.0.1:6399/0");

        config.Should().Contain("cluster: yes\nclusterRedis: redis://127.0.0.1:6399/0\nclusterNodeName: node-b\nclusterAdvertise: [127.0.0.1]\npaths:\n  all_others:\n");
        config.Should().Contain("rtmpAddress: 127.0.0.1:0");
    }
}
