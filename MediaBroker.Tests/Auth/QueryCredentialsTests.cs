using FluentAssertions;
using MediaBroker.Auth;
using Xunit;

namespace MediaBroker.Tests.Auth;

public sealed class QueryCredentialsTests
{
    [Theory]
    [InlineData("user=alice&pass=secret", "alice", "secret", "")]
    [InlineData("?user=alice&pass=s%26c+r%3Dt", "alice", "s&c r=t", "")]
    [InlineData("token=abc", "", "", "abc")]
    [InlineData("jwt=old", "", "", "old")]
    [InlineData("jwt=old&token=new", "", "", "new")]
    [InlineData("a=1&user=bob&b&pass=&c=3", "bob", "", "")]
    public void TryParse_Params_Decoded(string query, string user, string pass, string token)
    {
        QueryCredentials.TryParse(query, out var u, out var p, out var t).Should().BeTrue();
        (u, p, t).Should().Be((user, pass, token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("a=1&b=2")]
    [InlineData("user=&pass=")]
    [InlineData("username=x")]
    public void TryParse_NoCredentials_False(string? query)
    {
        QueryCredentials.TryParse(query, out var u, out var p, out var t).Should().BeFalse();
        (u, p, t).Should().Be(("", "", ""));
    }
}
