using FluentAssertions;
using MediaBroker.Hooks;
using Xunit;

namespace MediaBroker.Tests.Hooks;

public sealed class HookCommandLineTests
{
    [Theory]
    [InlineData("ffmpeg -i x", new[] { "ffmpeg", "-i", "x" })]
    [InlineData("  a   b\tc  ", new[] { "a", "b", "c" })]
    [InlineData("echo 'a b' \"c d\"", new[] { "echo", "a b", "c d" })]
    [InlineData("echo a\\ b", new[] { "echo", "a b" })]
    [InlineData("echo \"a \\\"q\\\" \\n\"", new[] { "echo", "a \"q\" \\n" })]
    [InlineData("echo '' \"\"", new[] { "echo", "", "" })]
    [InlineData("echo x'y'\"z\"", new[] { "echo", "xyz" })]
    [InlineData("", new string[0])]
    public void Split_ShellRules(string command, string[] expected) =>
        HookCommandLine.Split(command).Should().Equal(expected);

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    [InlineData("echo trailing\\")]
    public void Split_Malformed_Throws(string command) =>
        FluentActions.Invoking(() => HookCommandLine.Split(command)).Should().Throw<FormatException>();

    [Fact]
    public void Expand_HookEnvFirstThenProcessEnv()
    {
        var env = new Dictionary<string, string> { ["MTX_PATH"] = "cam1", ["HOME"] = "/hook" };
        string? Process(string name) => name switch { "HOME" => "/proc", "USER" => "bob", _ => null };
        HookCommandLine.Expand("rtsp://x/$MTX_PATH", env, Process).Should().Be("rtsp://x/cam1");
        HookCommandLine.Expand("${MTX_PATH}_x $HOME $USER $NOPE.", env, Process).Should().Be("cam1_x /hook bob .");
        HookCommandLine.Expand("a$ $", env, Process).Should().Be("a$ $");
        HookCommandLine.Expand("${open", env, Process).Should().Be("${open");
    }

    [Fact]
    public void Parse_ExpandsAfterSplitting()
    {
        var env = new Dictionary<string, string> { ["MTX_QUERY"] = "a=1 b=2" };
        HookCommandLine.Parse("echo $MTX_QUERY", env, _ => null).Should().Equal("echo", "a=1 b=2");
    }

    [Fact]
    public void Split_RandomInput_OnlyFormatException()
    {
        var random = new Random(8);
        const string alphabet = "ab '\"\\$ {}\t\n";
        for (var i = 0; i < 5000; i++)
        {
            var s = new string([.. Enumerable.Range(0, random.Next(12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            try
            {
                var parts = HookCommandLine.Split(s);
                _ = parts.Select(p => HookCommandLine.Expand(p, new Dictionary<string, string>(), _ => "v")).ToList();
            }
            catch (FormatException)
            {
            }
        }
    }
}
