using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class PathConfMatcherTests
{
    private static readonly BrokerConf s_conf = LoadOk("""
        paths:
          all_others:
            maxReaders: 1
          ~^cam(\d+)$:
            maxReaders: 2
          ~^cam(\d)(\d)$:
            maxReaders: 3
          cam12:
            maxReaders: 4
          ~^live/(.+)/(.+)$:
            maxReaders: 5
        """);

    [Theory]
    [InlineData("cam12", "cam12")]
    [InlineData("cam7", "~^cam(\\d+)$")]
    [InlineData("cam34", "~^cam(\\d)(\\d)$")]
    [InlineData("live/a/b", "~^live/(.+)/(.+)$")]
    [InlineData("other", "all_others")]
    [InlineData("camx", "all_others")]
    public void Find_Order_ExactThenRegexByNameThenCatchAll(string name, string confName)
    {
        PathConfMatch m = PathConfMatcher.Find(s_conf, name)!;
        m.ConfName.Should().Be(confName);
        m.Conf.Name.Should().Be(confName);
        m.PathName.Should().Be(name);
    }

    [Fact]
    public void Find_RegexGroups_AndSubstitution()
    {
        PathConfMatch m = PathConfMatcher.Find(s_conf, "cam34")!;
        m.Groups.Should().Equal("cam34", "3", "4");
        m.Substitute("rtsp://10.0.0.$G1:554/ch$G2?p=$MTX_PATH").Should().Be("rtsp://10.0.0.3:554/ch4?p=cam34");
    }

    [Fact]
    public void Substitute_TenGroups_DoesNotConfuseG1AndG10()
    {
        var m = new PathConfMatch(new PathConf(), ["x", "1", "2", "3", "4", "5", "6", "7", "8", "9", "TEN"], "~x");
        m.Substitute("$G10-$G1").Should().Be("TEN-1");
    }

    [Fact]
    public void Find_NoCatchAll_ReturnsNull()
    {
        PathConfMatcher.Find(LoadOk("paths:\n  cam:\n"), "other").Should().BeNull();
    }

    [Theory]
    [InlineData("all")]
    [InlineData("all_others")]
    [InlineData("'~^.*$'")]
    public void Find_CatchAllAliases_MatchEverything(string alias)
    {
        BrokerConf c = LoadOk($"paths:\n  {alias}:\n  ~^z$:\n");
        PathConfMatcher.Find(c, "anything/at/all")!.Conf.Name.Should().Be(alias.Trim('\''));
        PathConfMatcher.Find(c, "z")!.ConfName.Should().Be("~^z$");
    }

    [Fact]
    public void Find_InvalidName_ReturnsNull()
    {
        PathConfMatcher.Find(s_conf, "../etc").Should().BeNull();
    }
}
