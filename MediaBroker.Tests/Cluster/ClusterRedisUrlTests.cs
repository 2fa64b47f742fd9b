using FluentAssertions;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Cluster;

public sealed class ClusterRedisUrlTests
{
    [Fact]
    public void TryParse_ReadsHostPortTlsCredentialsAndDatabase()
    {
        var url = ClusterRedisUrl.TryParse("rediss://user:p%40ss@redis.example.com:6380/2", out var error);
        error.Should().BeNull();
        url.Should().Be(new ClusterRedisUrl("redis.example.com", 6380, true, "user", "p@ss", 2));
    }

    [Fact]
    public void TryParse_PasswordOnly_DefaultPortAndDatabase()
    {
        ClusterRedisUrl.TryParse("redis://:secret@10.0.0.5", out _).Should().Be(new ClusterRedisUrl("10.0.0.5", 6379, false, null, "secret", 0));
    }

    [Theory]
    [InlineData("http://redis:6379")]
    [InlineData("redis://")]
    [InlineData("redis://host/x")]
    [InlineData("redis://host/16")]
    public void TryParse_Refuses(string text)
    {
        ClusterRedisUrl.TryParse(text, out var error).Should().BeNull();
        error.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1", null, "10.0.0.1:8554")]
    [InlineData("node.example.com:9554", "node.example.com", 9554, "node.example.com:9554")]
    [InlineData("[fd00::1]:9554", "fd00::1", 9554, "[fd00::1]:9554")]
    [InlineData("fd00::2", "fd00::2", null, "[fd00::2]:8554")]
    public void Advertise_ParsesHostAndOptionalPort(string text, string host, int? port, string authority)
    {
        var a = ClusterAdvertiseAddress.TryParse(text);
        a.Should().Be(new ClusterAdvertiseAddress(host, port));
        a!.Value.Authority(8554).Should().Be(authority);
    }
}
