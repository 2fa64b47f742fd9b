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
}
