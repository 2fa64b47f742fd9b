using System.Net;
using FluentAssertions;
using MediaBroker.Net;
using Xunit;

namespace MediaBroker.Tests.Net;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(":8889", "::", 8889)]
    [InlineData("127.0.0.1:8189", "127.0.0.1", 8189)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("[::]:8554", "::", 8554)]
    [InlineData("localhost:1935", "127.0.0.1", 1935)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    public void Parse_MediaMtxAddress_GivesEndPoint(string text, string ip, int port)
    {
        ListenAddress.Parse(text).Should().Be(new IPEndPoint(IPAddress.Parse(ip), port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8889")]
    [InlineData(":")]
    [InlineData(":70000")]
    [InlineData("host.example:80")]
    [InlineData(":-1")]
    public void Parse_Invalid_ThrowsFormatException(string text)
    {
        var act = () => ListenAddress.Parse(text);

        act.Should().Throw<FormatException>();
    }
}
