using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

/// <summary><c>source: file://</c>: the URL form, the validator's refusals (each naming its key), and folder matching.</summary>
public sealed class FileSourceConfTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("file-conf").FullName;

    [Theory]
    [InlineData("file:///srv/a.mp4", "/srv/a.mp4", false)]
    [InlineData("file:///srv/a%20b.mkv?loop=yes", "/srv/a b.mkv", true)]
    [InlineData("file:///srv/videos/?loop=no", "/srv/videos/", false)]
    public void TryParse_FileUrl_PathAndLoop(string source, string path, bool loop)
    {
        var url = FileSourceUrl.TryParse(source, out var why);
        url.Should().NotBeNull(why);
        url!.LocalPath.Should().Be(path);
        url.Loop.Should().Be(loop);
        url.IsFolder.Should().Be(path.EndsWith('/'));
    }

    [Theory]
    [InlineData("file://relative.mp4", "absolute")]
    [InlineData("file:///a.mp4?loop=maybe", "loop=yes")]
    [InlineData("file:///a.mp4?speed=2", "unknown option 'speed'")]
    [InlineData("file:///x/../a.mp4", "'..'")]
    public void TryParse_BadUrl_SaysWhy(string source, string reason)
    {
        FileSourceUrl.TryParse(source, out var why).Should().BeNull();
        why.Should().Contain(reason);
    }

    [Fact]
    public void Load_FileSources_EachProblemNamesItsKey()
    {
        var clip = Path.Combine(_dir, "clip.mp4");
        File.WriteAllBytes(clip, [0]);
        File.WriteAllBytes(Path.Combine(_dir, "clip.avi"), [0]);

        Error($"paths:\n  cam:\n    source: file://{_dir}/missing.mp4\n").Should().Be(("paths.cam.source", 3));
        Error($"paths:\n  cam:\n    source: file://{_dir}/clip.avi\n").Should().Be(("paths.cam.source", 3));
        Error($"paths:\n  cam:\n    source: file://{_dir}/missing/\n    sourceOnDemand: yes\n").Should().Be(("paths.cam.source", 3));
        Error($"paths:\n  vod:\n    source: file://{_dir}/\n").Should().Be(("paths.vod.sourceOnDemand", 2));
        Error($"paths:\n  ~^v$:\n    source: file://{clip}\n").Should().Be(("paths.~^v$.source", 3));
        Load($"paths:\n  cam:\n    source: file://{clip}?loop=yes\n  vod:\n    source: file://{_dir}/\n    sourceOnDemand: yes\n").Errors.Should().BeEmpty();
    }

    [Fact]
    public void Find_FolderSource_MatchesPlayableFilesInside_Only()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a.mkv"), [0]);
        File.WriteAllBytes(Path.Combine(_dir, "notes.txt"), [0]);
        Directory.CreateDirectory(Path.Combine(_dir, "day1"));
        File.WriteAllBytes(Path.Combine(_dir, "day1", "b.ts"), [0]);
        var conf = Load($"paths:\n  vod:\n    source: file://{_dir}/\n    sourceOnDemand: yes\n  ~^v.*$:\n    source: publisher\n").Conf!;

        PathConfMatcher.Find(conf, "vod/a.mkv")!.ConfName.Should().Be("vod");
        PathConfMatcher.Find(conf, "vod/day1/b.ts")!.ConfName.Should().Be("vod");
        PathConfMatcher.Find(conf, "vod/a.mkv")!.PathName.Should().Be("vod/a.mkv");
        PathConfMatcher.Find(conf, "vod/a")!.ConfName.Should().Be("vod", "a name without extension finds a.mkv");
        PathConfMatcher.Find(conf, "vod/missing.mkv")!.ConfName.Should().Be("~^v.*$", "a file that is not there falls through to the next rule");
        PathConfMatcher.Find(conf, "vod/notes.txt")!.ConfName.Should().Be("~^v.*$");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (string Key, int? Line) Error(string yaml)
    {
        var r = Load(yaml);
        r.Ok.Should().BeFalse(yaml);
        r.Errors.Should().HaveCount(1, string.Join(" | ", r.Errors));
        return (r.Errors[0].Key, r.Errors[0].Line);
    }
}
