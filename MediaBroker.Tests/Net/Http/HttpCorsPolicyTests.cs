using FluentAssertions;
using MediaBroker.Net.Http;
using Xunit;

namespace MediaBroker.Tests.Net.Http;

public sealed class HttpCorsPolicyTests
{
    [Theory]
    [InlineData("http://*.example.com", "http://a.example.com", true)]
    [InlineData("http://*.example.com", "http://a.b.example.com", true)]
    [InlineData("http://*.example.com", "https://a.example.com", false)]
    [InlineData("http://*.example.com", "http://example.com", false)]
    [InlineData("http://EXAMPLE.com", "http://example.com", true)]
    [InlineData("*", "anything", true)]
    [InlineData("http://a*b*c", "http://axxbyyc", true)]
    [InlineData("http://a*b*c", "http://axxbyy", false)]
    public void WildcardMatch_Patterns_MatchAsExpected(string pattern, string value, bool expected) =>
        HttpCorsPolicy.WildcardMatch(pattern, value).Should().Be(expected);

    [Fact]
    public void AllowedOrigin_Star_EchoesOriginOrStar()
    {
        var p = new HttpCorsPolicy(["*"]);
        p.AllowedOrigin("http://x.org").Should().Be("http://x.org");
        p.AllowedOrigin(null).Should().Be("*");
    }

    [Fact]
    public void AllowedOrigin_List_RefusesOthers()
    {
        var p = new HttpCorsPolicy(["http://*.example.com", "https://player.tv"]);
        p.AllowedOrigin("https://player.tv").Should().Be("https://player.tv");
        p.AllowedOrigin("http://cam.example.com").Should().Be("http://cam.example.com");
        p.AllowedOrigin("http://evil.org").Should().BeNull();
        p.AllowedOrigin(null).Should().BeNull();
    }
}
