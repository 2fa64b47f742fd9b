using FluentAssertions;
using MediaBroker.Fuzz;
using MediaBroker.Tests.Conf;
using Xunit;

namespace MediaBroker.Tests.Fuzz;

/// <summary>
/// Replays every seed (fuzz/corpus/&lt;target&gt;/) and every input that once crashed a parser (fuzz/regressions/&lt;target&gt;/)
/// through its fuzz target: anything but the parser's documented failure escaping is a crash and fails the test.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static readonly string FuzzRoot = Path.Combine(ConfTestUtil.RepoRoot(), "fuzz");

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var target in FuzzTargets.All)
        {
            data.Add(target.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_and_regression_input_runs_without_a_crash(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var seeds = FilesOf("corpus", name);
        seeds.Should().NotBeEmpty($"fuzz/corpus/{name}/ holds the seeds of target {name} (fuzz/make-corpus.sh makes them)");

        foreach (var file in seeds.Concat(FilesOf("regressions", name)))
        {
            var act = () => target.Run(File.ReadAllBytes(file));
            act.Should().NotThrow($"{Path.GetRelativePath(FuzzRoot, file)} must not crash {target.Parser}");
        }
    }

    [Theory]
    [InlineData("corpus")]
    [InlineData("regressions")]
    public void Every_input_folder_names_a_target(string kind)
    {
        var folder = Path.Combine(FuzzRoot, kind);
        if (!Directory.Exists(folder))
        {
            kind.Should().Be("regressions", "fuzz/corpus/ must exist");
            return;
        }

        foreach (var dir in Directory.GetDirectories(folder))
        {
            FuzzTargets.Find(Path.GetFileName(dir)).Should().NotBeNull($"fuzz/{kind}/{Path.GetFileName(dir)} would otherwise never be replayed");
        }
    }

    private static string[] FilesOf(string kind, string target)
    {
        var dir = Path.Combine(FuzzRoot, kind, target);
        return Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
    }
}
