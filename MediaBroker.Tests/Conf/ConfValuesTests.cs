using FluentAssertions;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Conf;

public sealed class ConfValuesTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("1ns", 0)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("250ms", 250)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("1d1h", 90_000_000)]
    [InlineData("-2s", -2_000)]
    public void TryParseDuration_GoSyntax(string text, double ms)
    {
        ConfValues.TryParseDuration(text, out TimeSpan d).Should().BeTrue();
        d.Should().Be(TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1h1d")]
    [InlineData("1 s")]
    [InlineData("1w")]
    [InlineData("s10")]
    public void TryParseDuration_Bad_False(string text) => ConfValues.TryParseDuration(text, out _).Should().BeFalse();

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(200, "200ms")]
    [InlineData(60_000, "1m0s")]
    [InlineData(5_400_000, "1h30m0s")]
    [InlineData(86_400_000, "1d")]
    [InlineData(90_000_000, "1d1h0m0s")]
    [InlineData(1_500, "1.5s")]
    public void FormatDuration_MediaMtxStyle_RoundTrips(long ms, string text)
    {
        TimeSpan d = TimeSpan.FromMilliseconds(ms);
        ConfValues.FormatDuration(d).Should().Be(text);
        ConfValues.TryParseDuration(text, out TimeSpan back).Should().BeTrue();
        back.Should().Be(d);
    }

    [Theory]
    [InlineData(52_428_800, "50M")]
    [InlineData(1_536, "1.5K")]
    [InlineData(1_000, "1000B")]
    [InlineData(1_073_741_824, "1G")]
    [InlineData(52_428_801, "52428801B")]
    public void FormatSize_ExactAndRoundTrips(long bytes, string text)
    {
        ConfValues.FormatSize(bytes).Should().Be(text);
        ConfValues.TryParseSize(text, out long back).Should().BeTrue();
        back.Should().Be(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("5X")]
    [InlineData("1.5")]
    public void TryParseSize_Bad_False(string text) => ConfValues.TryParseSize(text, out _).Should().BeFalse();

    [Fact]
    public void TryParse_RandomStrings_NeverThrow()
    {
        var rng = new Random(1234);
        const string alphabet = "0123456789.-+smhdµunKMGTBi yesnotrue";
        for (int i = 0; i < 5000; i++)
        {
            char[] chars = new char[rng.Next(0, 12)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[rng.Next(alphabet.Length)];
            string s = new(chars);
            _ = ConfValues.TryParseDuration(s, out _);
            _ = ConfValues.TryParseSize(s, out _);
            _ = ConfValues.TryParseBool(s, out _);
        }
    }
}
