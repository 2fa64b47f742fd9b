using System.Net;
using FluentAssertions;
using MediaBroker.Net.Http;
using Xunit;

namespace MediaBroker.Tests.Net.Http;

public sealed class HttpForwardedHeadersTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");

    [Fact]
    public void ResolveClient_UntrustedPeer_IgnoresHeader()
    {
        var f = new HttpForwardedHeaders(["10.0.0.0/8"]);
        f.ResolveClient(IPAddress.Parse("192.168.1.1"), "1.2.3.4").Should().Be(IPAddress.Parse("192.168.1.1"));
        f.ResolveScheme(IPAddress.Parse("192.168.1.1"), "https").Should().BeNull();
    }

    [Fact]
    public void ResolveClient_TrustedChain_TakesRightmostUntrusted()
    {
        var f = new HttpForwardedHeaders(["10.0.0.0/8"]);
        f.ResolveClient(Proxy, "6.6.6.6, 1.2.3.4, 10.0.0.7").Should().Be(IPAddress.Parse("1.2.3.4"));
        f.ResolveClient(Proxy, "[2001:db8::1]:443").Should().Be(IPAddress.Parse("2001:db8::1"));
        f.ResolveClient(IPAddress.Parse("::ffff:10.0.0.1"), "1.2.3.4").Should().Be(IPAddress.Parse("1.2.3.4"));
        f.ResolveClient(Proxy, "garbage").Should().Be(Proxy);
        f.ResolveScheme(Proxy, "https, http").Should().Be("https");
    }

    [Fact]
    public void Constructor_BadEntry_Throws() =>
        FluentActions.Invoking(() => new HttpForwardedHeaders(["not-an-ip"])).Should().Throw<ArgumentException>();
}
