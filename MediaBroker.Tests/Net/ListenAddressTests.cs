using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Net;
using Xunit;

namespace MediaBroker.Tests.Net;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8888", "127.0.0.1", 8888)]
    [InlineData("[::1]:8888", "::1", 8888)]
    [InlineData("[::]:0", "::", 0)]
    [InlineData("localhost:9", "127.0.0.1", 9)]
    public void Parse_HostAndPort_ReturnsEndpoint(string text, string ip, int port) =>
        ListenAddress.Parse(text).Should().Be(new IPEndPoint(IPAddress.Parse(ip), port));

    [Fact]
    public void Parse_PortOnly_AllInterfaces()
    {
        var ep = ListenAddress.Parse(":8888");
        ep.Port.Should().Be(8888);
        ep.Address.Should().Be(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
    }

    [Theory]
    [InlineData("8888")]
    [InlineData(":")]
    [InlineData(":99999")]
    [InlineData("host.example:80")]
    [InlineData("::1:80")]
    [InlineData(":-1")]
    public void Parse_Invalid_Throws(string text) =>
        FluentActions.Invoking(() => ListenAddress.Parse(text)).Should().Throw<FormatException>();

    [Fact]
    public void TryParse_ValidAndInvalid_ReturnsResult()
    {
        ListenAddress.TryParse("127.0.0.1:1", out var ep).Should().BeTrue();
        ep.Port.Should().Be(1);
        ListenAddress.TryParse("nope", out _).Should().BeFalse();
    }
}
