using FluentAssertions;
using MediaBroker.Push;
using MediaBroker.Push.Files;
using Xunit;

namespace MediaBroker.Tests.Push;

public sealed class PushVariablesTests
{
    // The manual's example moment: February 1st, 2018 at 12:34:56 UTC, stream "foo+bar".
    private static readonly DateTimeOffset Moment = new(2018, 2, 1, 12, 34, 56, TimeSpan.Zero);

    [Theory]
    [InlineData("/media/recording/$stream-$datetime.ts", "/media/recording/foo+bar-2018.02.01.12.34.56.ts")]
    [InlineData("/media/recording/$basename/$wildcard.flv", "/media/recording/foo/bar.flv")]
    [InlineData("/media/recording/$year/$month/$day/$stream-$hour$minute$seconds.ts", "/media/recording/2018/02/01/foo+bar-123456.ts")]
    [InlineData("/r/$second-$unixtime.mp4", "/r/56-1517488496.mp4")]
    [InlineData("rtmp://h/live/$stream?key=$unknown", "rtmp://h/live/foo+bar?key=$unknown")]
    [InlineData("no variables", "no variables")]
    [InlineData("$", "$")]
    public void Substitutes_TheManualsVariables(string template, string expected) =>
        PushVariables.Substitute(template, "foo+bar", Moment).Should().Be(expected);

    [Fact]
    public void NoWildcard_BasenameIsTheName_WildcardIsEmpty() =>
        PushVariables.Substitute("$basename|$wildcard|", "cam", Moment).Should().Be("cam||");

    [Fact]
    public void SlashIsTheWildcardSeparator_PathNamesHaveNoPlus() =>
        PushVariables.Substitute("$basename|$wildcard", "live/cam/1", Moment).Should().Be("live|cam/1");

    [Fact]
    public void TimeIsUtc() =>
        PushVariables.Substitute("$hour", "x", new DateTimeOffset(2018, 2, 1, 12, 0, 0, TimeSpan.FromHours(2))).Should().Be("10");

    [Theory]
    [InlineData("/rec/x.ts", "/rec/x.ts", FileTargetFormat.MpegTs)]
    [InlineData("/rec/x.FLV", "/rec/x.FLV", FileTargetFormat.Flv)]
    [InlineData("file:///rec/a%20b.mp4", "/rec/a b.mp4", FileTargetFormat.Fmp4)]
    [InlineData("/rec/x.ts?", "/rec/x.ts", FileTargetFormat.MpegTs)]
    [InlineData("/rec/x.mkv", "/rec/x.mkv", FileTargetFormat.Matroska)]
    public void FileTarget_Parses(string url, string path, FileTargetFormat format)
    {
        FileTarget.TryParse(url, out var target, out var error).Should().BeTrue(error);
        target.Should().Be(new FileTarget(path, format));
    }

    [Theory]
    [InlineData("/rec/x.avi", "unsupported file target 'x.avi'")]
    [InlineData("/rec/x", "the extension must be .ts, .flv, .mp4 or .mkv")]
    [InlineData("/rec/x.ts?recstart=5000&recstop=1000", "would stop before it starts")]
    [InlineData("/rec/x.ts?recstartunix=1517490000&recstopunix=1517486400", "would stop before it starts")]
    [InlineData("/rec/x.ts?recstop=-5", "non-negative whole number")]
    [InlineData("/rec/x.ts?recstop=soon", "non-negative whole number")]
    [InlineData("/rec/x.ts?split=60", "target parameter 'split' is not supported")]
    [InlineData("file://host/rec/x.ts", "not a file:/// URL")]
    [InlineData("/rec/", "not an absolute file path")]
    public void FileTarget_RefusesWithAReason(string url, string reason)
    {
        FileTarget.TryParse(url, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void FileTarget_TimeWindow_MediaMillisecondsOrUnixSeconds_UnixBoundsWin()
    {
        FileTarget.TryParse("/rec/x.ts?recstart=5000&recstop=65000", out var media, out var error).Should().BeTrue(error);
        media!.Window.Should().Be(new PushWindow(5000, 65000, null, null));
        var now = DateTime.UtcNow;
        media.Window.BeforeStart(4999, now).Should().BeTrue();
        media.Window.BeforeStart(5000, now).Should().BeFalse();
        media.Window.Ended(64999, now).Should().BeFalse();
        media.Window.Ended(65000, now).Should().BeTrue();

        FileTarget.TryParse("/rec/x.flv?recstart=1&recstartunix=1517490000&recstopunix=1517493600", out var unix, out error).Should().BeTrue(error);
        var start = DateTimeOffset.FromUnixTimeSeconds(1517490000).UtcDateTime;
        unix!.Window.BeforeStart(long.MaxValue, start.AddSeconds(-1)).Should().BeTrue("recstartunix replaces recstart");
        unix.Window.BeforeStart(0, start).Should().BeFalse();
        unix.Window.Ended(0, start.AddHours(1)).Should().BeTrue();
        unix.Window.Ended(long.MaxValue, start.AddMinutes(59)).Should().BeFalse();
        unix.Window.Ended(0, start.AddMinutes(59).ToLocalTime()).Should().BeFalse("a local capture time is the same instant");

        FileTarget.TryParse("/rec/x.mp4", out var plain, out _).Should().BeTrue();
        plain!.Window.Should().Be(PushWindow.Always);
    }

    [Fact]
    public void FileFactory_KnowsFilesOnly()
    {
        var f = new FilePusherFactory();
        f.ProtocolOf("/a/b.ts").Should().Be("file");
        f.ProtocolOf("file:///a/b.flv").Should().Be("file");
        f.ProtocolOf("rtmp://h/a/b").Should().BeNull();
        f.Invoking(x => x.Create(new MediaBroker.Core.StreamPushTarget("/a/b.avi"))).Should().Throw<ArgumentException>().WithMessage("*.avi*");
    }

    [Theory]
    [InlineData("cam", "cam", true)]
    [InlineData("cam", "cam2", false)]
    [InlineData("foo+", "foo+bar", true)]
    [InlineData("foo+", "foo", false)]
    [InlineData("foo+", "foo+", false)]
    [InlineData("foo+bar", "foo+bar", true)]
    [InlineData("foo+", "foo/bar", true)]
    [InlineData("foo+", "foobar", false)]
    [InlineData("foo+", "foo/", false)]
    [InlineData("~^live/.*$", "live/a", true)]
    [InlineData("~^live/.*$", "vod/a", false)]
    [InlineData("~(", "(", false)]
    public void Pattern_Matches(string pattern, string path, bool expected) =>
        PushPattern.Matches(pattern, path).Should().Be(expected);
}
