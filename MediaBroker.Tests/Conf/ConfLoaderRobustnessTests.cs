using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

/// <summary>Whatever the text, loading never throws: it returns a configuration, or errors that name a key or a line.</summary>
public sealed class ConfLoaderRobustnessTests
{
    private static readonly string s_everyKey =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Conf", "every-key.yml"));

    [Fact]
    public void Load_EveryPrefixOfEveryKeyFile_NeverThrows()
    {
        for (int n = 0; n <= s_everyKey.Length; n += 7)
        {
            ConfLoadResult r = Load(s_everyKey[..n]);
            (r.Ok || r.Errors.Count > 0).Should().BeTrue();
        }
    }

    [Fact]
    public void Load_RandomMutations_NeverThrow()
    {
        var rng = new Random(42);
        int runs = 500;
        const string noise = ":-[]{}'\"#&*!|>%@`\n\t ~?,0123456789abcxyzYESno";
        for (int i = 0; i < runs; i++)
        {
            char[] text = s_everyKey.ToCharArray();
            for (int j = 0; j < 5; j++) text[rng.Next(text.Length)] = noise[rng.Next(noise.Length)];
            AssertLoadedOrLocated(Load(new string(text)));
        }

        Load(s_everyKey).Ok.Should().BeTrue("the loader keeps no state between loads");
    }

    /// <summary>Either a configuration and no error, or no configuration and errors that each name a key or a line.</summary>
    private static void AssertLoadedOrLocated(ConfLoadResult r)
    {
        if (r.Ok)
        {
            r.Conf.Should().NotBeNull();
            return;
        }

        r.Conf.Should().BeNull();
        r.Errors.Should().NotBeEmpty();
        r.Errors.Should().OnlyContain(e => e.Message.Length > 0 && (e.Key.Length > 0 || e.Line != null || e.Message.StartsWith("invalid YAML", StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_RandomBytes_NeverThrow()
    {
        var rng = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = new byte[rng.Next(0, 200)];
            rng.NextBytes(bytes);
            AssertLoadedOrLocated(Load(System.Text.Encoding.Latin1.GetString(bytes)));
        }
    }

    [Theory]
    [InlineData("rtsp: yes\nrtsp: no\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    [InlineData("paths: [a, b]\n")]
    [InlineData("paths:\n  ? [a]\n  : x\n")]
    [InlineData("pathDefaults: 3\n")]
    [InlineData("&a x: *a\n")]
    [InlineData("authInternalUsers: [1, 2]\n")]
    [InlineData("rtspTransports: {a: b}\n")]
    [InlineData("api: [yes]\n")]
    public void Load_OddShapes_ErrorsNotExceptions(string yaml)
    {
        ConfLoadResult r = Load(yaml);
        r.Ok.Should().BeFalse();
        r.Errors.Should().NotBeEmpty();
    }

    [Fact]
    public void Load_EnvWithOddNames_NeverThrows()
    {
        var env = new Dictionary<string, string>
        {
            ["MTX_PATHS_"] = "x", ["MTX_PATHS__SOURCE"] = "x", ["MTX_AUTHINTERNALUSERS_X_USER"] = "u",
            ["MTX_AUTHINTERNALUSERS_99999999999_USER"] = "u", ["MTX_"] = "", ["MTX_PATHDEFAULTS_"] = "",
        };
        _ = Load("", env);
    }
}
