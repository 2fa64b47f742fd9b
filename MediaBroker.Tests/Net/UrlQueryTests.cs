using FluentAssertions;
using MediaBroker.Net;
using Xunit;

namespace MediaBroker.Tests.Net;

public sealed class UrlQueryTests
{
    [Theory]
    [InlineData("a=1&b=2", "a=1|b=2")]
    [InlineData("?a=1&b=2", "a=1|b=2")]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("a=&b", "a=")]
    [InlineData("&&=x&a=1&", "a=1")]
    [InlineData("streamid=#!::r=cam,m=publish&x=y", "streamid=#!::r=cam,m=publish|x=y")]
    public void Enumerate_Query_YieldsNamedPairsInOrderAndSkipsTheRest(string query, string expected)
    {
        var pairs = new List<string>();
        foreach (var p in new UrlQuery(query))
        {
            pairs.Add($"{p.Name}={p.RawValue}");
        }

        string.Join('|', pairs).Should().Be(expected);
    }

    [Theory]
    [InlineData("a%20b%2Bc", false, "a b+c")]
    [InlineData("a+b", false, "a+b")]
    [InlineData("a+b%2B", true, "a b+")]
    [InlineData("", true, "")]
    public void DecodeValue_PercentAndPlus_DecodesAsAsked(string raw, bool plusIsSpace, string expected)
    {
        var e = new UrlQuery("k=" + raw);
        e.MoveNext().Should().BeTrue();

        e.Current.DecodeValue(plusIsSpace).Should().Be(expected);
    }

    [Theory]
    [InlineData("host:1234?a=b", "host:1234", "a=b")]
    [InlineData("host:1234", "host:1234", "")]
    [InlineData("host:1234?", "host:1234", "")]
    [InlineData("h?a=b?c", "h", "a=b?c")]
    public void SplitQuery_Url_SplitsAtTheFirstQuestionMark(string url, string before, string query)
    {
        UrlQuery.SplitQuery(url, out var q).ToString().Should().Be(before);

        q.ToString().Should().Be(query);
    }
}
