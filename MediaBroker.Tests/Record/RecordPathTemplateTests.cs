using FluentAssertions;
using MediaBroker.Record;
using Xunit;

namespace MediaBroker.Tests.Record;

public sealed class RecordPathTemplateTests
{
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");
    private static readonly DateTime Start = new DateTime(2026, 12, 2, 13, 4, 5, DateTimeKind.Utc).AddTicks(1234560);

    [Fact]
    public void Format_DefaultTemplate_LocalTimeWithMicrosecondsAndExtension()
    {
        var t = new RecordPathTemplate("./recordings/%path/%Y-%m-%d_%H-%M-%S-%f", "fmp4", Plus2);
        t.Format("live/cam1", Start).Should().Be("./recordings/live/cam1/2026-12-02_15-04-05-123456.mp4");
        new RecordPathTemplate("./r/%path/%s", "mpegts", Plus2).Format("cam", Start).Should().Be("./r/cam/1796216645.ts");
        new RecordPathTemplate("r/%path/%Y%m%d%H%M%S%z", "fmp4", Plus2).Format("cam", Start).Should().Be("r/cam/20261202150405+0200.mp4");
    }

    [Theory]
    [InlineData("./recordings/%path/%Y-%m-%d_%H-%M-%S-%f", "fmp4")]
    [InlineData("rec/%path_%Y/%m/%d/%H-%M-%S-%f", "mpegts")]
    [InlineData("rec/%path/%s-%f", "fmp4")]
    [InlineData("/abs/%Y%m%d/%path/%H%M%S%f%z", "fmp4")]
    public void TryParse_WhatFormatMade_GivesPathAndStartBack(string template, string format)
    {
        var t = new RecordPathTemplate(template, format, Plus2);
        var file = t.Format("live/cam 1", Start);

        t.TryParse(file, out var path, out var start).Should().BeTrue(file);
        path.Should().Be("live/cam 1");
        start.Should().Be(Start);
        start.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("./recordings/cam/2026-12-02_15-04-05-123456.ts")]
    [InlineData("./recordings/cam/2026-13-02_15-04-05-123456.mp4")]
    [InlineData("./recordings/cam/notes.mp4")]
    [InlineData("./elsewhere/cam/2026-12-02_15-04-05-123456.mp4")]
    public void TryParse_OtherFiles_False(string file)
    {
        new RecordPathTemplate("./recordings/%path/%Y-%m-%d_%H-%M-%S-%f", "fmp4", Plus2).TryParse(file, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Root_DirectoryBeforeTheFirstTimePlaceholder()
    {
        var t = new RecordPathTemplate("./recordings/%path/%Y-%m-%d_%H-%M-%S-%f", "fmp4");
        t.Root("live/cam1").Should().Be("./recordings/live/cam1");
        t.Root(null).Should().Be("./recordings");
        new RecordPathTemplate("rec/%Y/%path/%s", "fmp4").Root("cam").Should().Be("rec");
    }
}
