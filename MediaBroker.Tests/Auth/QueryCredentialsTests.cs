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

    [Fact]
    public void TryParse_RandomInput_NeverThrows()
    {
        var random = new Random(1234);
        const string alphabet = "user=pass&token%jwt+?=&%2%zz\u00e9:ab";
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var query = new string(chars);
            var act = () => QueryCredentials.TryParse(query, out _, out _, out _);
            act.Should().NotThrow(query);
            var header = () => HttpCredentials.TryParse((i % 2 == 0 ? "Basic " : "Bearer ") + query, out _, out _, out _);
            header.Should().NotThrow(query);
        }
    }
}
