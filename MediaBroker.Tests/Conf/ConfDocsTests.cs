using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfDocsTests
{
    [Fact]
    public void ConfigurationDoc_ListsEverySchemaKey()
    {
        string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "configuration.md"));
        IEnumerable<string> missing = ConfSchema.Global.Keys.Concat(ConfSchema.Path.Keys)
            .Select(k => k.Name)
            .Where(name => !doc.Contains($"| `{name}` |", StringComparison.Ordinal));
        missing.Should().BeEmpty();
    }

    [Fact]
    public void DefaultFile_SetsEverySchemaKey()
    {
        string yml = File.ReadAllText(Path.Combine(RepoRoot(), "mediabroker.yml"));
        IEnumerable<string> missing = ConfSchema.Global.Keys.Select(k => k.Name + ":")
            .Where(k => !yml.Contains("\n" + k, StringComparison.Ordinal))
            .Concat(ConfSchema.Path.Keys.Select(k => k.Name + ":").Where(k => !yml.Contains("\n  " + k, StringComparison.Ordinal)));
        missing.Should().BeEmpty();
    }

    [Fact]
    public void UnsupportedKeys_SaidPlainlyInDocAndDefaultFile()
    {
        const string Note = "ot supported yet: a non-default value is ignored with a warning.";
        string[] doc = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "configuration.md"));
        string[] yml = File.ReadAllLines(Path.Combine(RepoRoot(), "mediabroker.yml"));
        foreach (string key in ConfUnsupported.GlobalKeys.Concat(ConfUnsupported.PathKeys))
        {
            doc.Should().Contain(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal) && l.Contains(Note, StringComparison.Ordinal), key);

            // The default file says it in the comment block right above the key.
            int at = Array.FindIndex(yml, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
            at.Should().BePositive(key);
            bool said = false;
            for (int i = at - 1; i >= 0 && yml[i].Trim().Length != 0; i--)
            {
                said |= yml[i].Contains(Note, StringComparison.Ordinal);
            }

            said.Should().BeTrue($"mediabroker.yml should say above '{key}' that it is not supported yet");
        }
    }
}
