using FluentAssertions;
using MediaBroker.Triggers;
using Xunit;

namespace MediaBroker.Tests.Triggers;

public sealed class TriggerResponseTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("1\n")]
    [InlineData("yes")]
    [InlineData("yes please")]
    [InlineData("true")]
    [InlineData("trueish")]
    [InlineData("cont")]
    [InlineData("continue")]
    public void IsPositive_StartsWithAPositiveWord_True(string answer) => TriggerResponse.IsPositive(answer).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("no")]
    [InlineData(" true")]
    [InlineData("True")]
    [InlineData("YES")]
    [InlineData("deny")]
    public void IsPositive_AnythingElse_False(string? answer) => TriggerResponse.IsPositive(answer).Should().BeFalse();

    [Theory]
    [InlineData("live/new\n", "live/new")]
    [InlineData("  live/new \r\n", "live/new")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void RewriteValue_TrimsWhiteSpaceAndLineBreaks(string? answer, string expected) => TriggerResponse.RewriteValue(answer).Should().Be(expected);
}
