using System.Text;
using FluentAssertions;
using MediaBroker.Auth;
using Xunit;

namespace MediaBroker.Tests.Auth;

public sealed class HttpCredentialsTests
{
    private static string Basic(string s) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [InlineData("alice:secret", "alice", "secret")]
    [InlineData("alice:se:cret", "alice", "se:cret")]
    [InlineData("alice:", "alice", "")]
    [InlineData("ünï:cödé", "ünï", "cödé")]
    public void TryParse_Basic_SplitsAtFirstColon(string raw, string user, string pass)
    {
        HttpCredentials.TryParse(Basic(raw), out var u, out var p, out var t).Should().BeTrue();
        (u, p, t).Should().Be((user, pass, ""));
    }

    [Fact]
    public void TryParse_SchemeCaseInsensitive()
    {
        HttpCredentials.TryParse("basic " + Convert.ToBase64String("a:b"u8.ToArray()), out var u, out var p, out _).Should().BeTrue();
        (u, p).Should().Be(("a", "b"));
    }

    [Fact]
    public void TryParse_BearerWithOneColon_IsUserPass()
    {
        HttpCredentials.TryParse("Bearer obs:key", out var u, out var p, out var t).Should().BeTrue();
        (u, p, t).Should().Be(("obs", "key", ""));
    }

    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData("Bearer a:b:c", "a:b:c")]
    [InlineData("Bearer  tok ", "tok")]
    public void TryParse_BearerToken_IsToken(string header, string token)
    {
        HttpCredentials.TryParse(header, out var u, out var p, out var t).Should().BeTrue();
        (u, p, t).Should().Be(("", "", token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic !!!")]
    [InlineData("Basic YWxpY2U=")]
    [InlineData("Digest username=\"a\"")]
    [InlineData("Bearer ")]
    public void TryParse_MissingOrMalformed_False(string? header)
    {
        HttpCredentials.TryParse(header, out var u, out var p, out var t).Should().BeFalse();
        (u, p, t).Should().Be(("", "", ""));
    }
}
