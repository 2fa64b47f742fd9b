using FluentAssertions;
using MediaBroker.Protocols.Srt;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

public sealed class SrtStreamIdTests
{
    [Theory]
    [InlineData("publish:cam", SrtStreamMode.Publish, "cam", null, null, "")]
    [InlineData("read:cam", SrtStreamMode.Read, "cam", null, null, "")]
    [InlineData("read:a/b", SrtStreamMode.Read, "a/b", null, null, "")]
    [InlineData("publish:cam:k=v", SrtStreamMode.Publish, "cam", null, null, "k=v")]
    [InlineData("publish:cam:user:pass", SrtStreamMode.Publish, "cam", "user", "pass", "")]
    [InlineData("read:cam:user:pass:token=x", SrtStreamMode.Read, "cam", "user", "pass", "token=x")]
    [InlineData("publish:cam#feedbackplay", SrtStreamMode.Publish, "cam", null, null, "")]
    [InlineData("#!::r=cam,m=publish", SrtStreamMode.Publish, "cam", null, null, "")]
    [InlineData("#!::r=cam,m=request,u=me,s=secret", SrtStreamMode.Read, "cam", "me", "secret", "")]
    [InlineData("#!::u=me,r=live/cam", SrtStreamMode.Read, "live/cam", "me", null, "")]
    [InlineData("#!::r=cam,h=example.com,t=stream,x=ignored", SrtStreamMode.Read, "cam", null, null, "")]
    public void TryParse_ValidForms_GiveModePathCredentialsQuery(string raw, SrtStreamMode mode, string path, string? user, string? pass, string query)
    {
        SrtStreamId.TryParse(raw, out var id, out var error).Should().BeTrue(error);
        id.Should().Be(new SrtStreamId(mode, path, user, pass, query));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cam")]
    [InlineData("play:cam")]
    [InlineData("publish:")]
    [InlineData("publish:a:b:c:d:e")]
    [InlineData("#!::m=publish")]
    [InlineData("#!::r=cam,m=bidirectional")]
    [InlineData("#!::r=cam,t=file")]
    [InlineData("#!::r=cam,garbage")]
    public void TryParse_UnknownForms_Rejected(string? raw)
    {
        SrtStreamId.TryParse(raw, out var id, out var error).Should().BeFalse();
        id.Should().BeNull();
        error.Should().NotBeEmpty();
    }

    [Fact]
    public void TryParse_TooLong_Rejected() =>
        SrtStreamId.TryParse("publish:" + new string('a', 600), out _, out _).Should().BeFalse();

    [Fact]
    public void TryParse_RandomStrings_NeverThrow()
    {
        var rng = new Random(6);
        const string alphabet = "#!:,=rmushtpublishreadcam/ ";
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[rng.Next(0, 40)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[rng.Next(alphabet.Length)];
            }

            var act = () => SrtStreamId.TryParse(new string(chars), out _, out _);
            act.Should().NotThrow();
        }
    }

    [Fact]
    public void ToString_HidesPassword() =>
        new SrtStreamId(SrtStreamMode.Publish, "cam", "u", "secret", "").ToString().Should().Be("publish:cam:u:***");
}
