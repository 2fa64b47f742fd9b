using FluentAssertions;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Conf;

public sealed class PathNamesTests
{
    [Theory]
    [InlineData("cam")]
    [InlineData("live/door")]
    [InlineData("a.b-c_d/e.f")]
    [InlineData("..a")]
    public void Validate_Valid_Null(string name) => PathNames.Validate(name).Should().BeNull();

    [Theory]
    [InlineData("")]
    [InlineData("/cam")]
    [InlineData("cam/")]
    [InlineData("a b")]
    [InlineData("a?b")]
    [InlineData("a/../b")]
    [InlineData("./b")]
    [InlineData("a/.")]
    [InlineData("~cam")]
    [InlineData("cam%20")]
    public void Validate_Invalid_Reason(string name) => PathNames.Validate(name).Should().NotBeNullOrEmpty();
}
