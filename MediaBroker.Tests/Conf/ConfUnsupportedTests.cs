using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

/// <summary>Keys MediaBroker does not implement yet: a non-default value loads with one warning naming the key (and path).</summary>
public sealed class ConfUnsupportedTests
{
    /// <summary>A non-default YAML value for every key of <see cref="ConfUnsupported"/> (a new entry there needs one here).</summary>
    private static readonly Dictionary<string, string> s_globalValues = [];

    private static readonly Dictionary<string, string> s_pathValues = [];

    [Fact]
    public void Lists_EveryUnsupportedKeyHasATestValue()
    {
        s_globalValues.Keys.Should().BeEquivalentTo(ConfUnsupported.GlobalKeys);
        s_pathValues.Keys.Should().BeEquivalentTo(ConfUnsupported.PathKeys);
    }

    [Fact]
    public void Load_EachGlobalKeySet_OneWarningNamingIt()
    {
        foreach ((string key, string value) in s_globalValues)
        {
            ConfLoadResult r = Load($"{key}: {value}\n");
            r.Errors.Should().BeEmpty(key);
            r.Warnings.Should().Equal([$"line 1: key '{key}': not supported by MediaBroker yet; ignored"], key);
        }
    }

    [Fact]
    public void Load_EachPathKeySet_OneWarningNamingPathAndKey()
    {
        foreach ((string key, string value) in s_pathValues)
        {
            ConfLoadResult r = Load($"paths:\n  cam:\n    {key}: {value}\n");
            r.Errors.Should().BeEmpty(key);
            r.Warnings.Should().Equal([$"line 3: key 'paths.cam.{key}': not supported by MediaBroker yet; ignored"], key);
        }
    }

    [Fact]
    public void Warn_KeysListed_OneWarningPerNonDefaultValue()
    {
        // The real lists are empty today; the mechanism is exercised with stand-in keys.
        BrokerConf conf = Load("writeQueueSize: 1024\nreadTimeout: 10s\npathDefaults:\n  maxReaders: 3\n"
            + "paths:\n  a:\n    overridePublisher: no\n  b:\n    maxReaders: 3\n  c:\n    maxReaders: 4\n").Conf!;
        var ctx = new ConfBindContext();

        ConfUnsupported.Warn(conf, ctx, new HashSet<string> { "writeQueueSize", "readTimeout" }, new HashSet<string> { "overridePublisher", "maxReaders" });

        ctx.Warnings.Should().BeEquivalentTo(
        [
            "key 'writeQueueSize': not supported by MediaBroker yet; ignored",
            "key 'pathDefaults.maxReaders': not supported by MediaBroker yet; ignored",
            "key 'paths.a.overridePublisher': not supported by MediaBroker yet; ignored",
            "key 'paths.c.maxReaders': not supported by MediaBroker yet; ignored",
        ]);
    }

    [Fact]
    public void Load_DefaultsWrittenOut_NoWarning()
    {
        ConfLoadResult r = Load("dumpPackets: no\npprof: no\nmulticastSRTPPort: 8006\nwebrtcSTUNGatherTimeout: 5s\n"
            + "paths:\n  cam:\n    alwaysAvailable: no\n    forward: []\n    rtspScale:\n    whepSTUNGatherTimeout: 5s\n");
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Load_EmbeddedDefaultFile_NoWarning()
    {
        ConfLoadResult r = Load(ConfLoader.EmbeddedDefaultText());
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("rtsp+http://cam:554/s")]
    [InlineData("rtsps+http://cam:443/s")]
    [InlineData("rtsp+ws://cam:80/s")]
    [InlineData("rtsps+ws://cam:443/s")]
    public void Load_TunnelledRtspSource_Accepted(string url)
    {
        ConfLoadResult r = Load($"paths:\n  cam:\n    source: {url}\n");
        r.Errors.Should().BeEmpty();
        r.Conf!.Paths.Should().ContainSingle(p => p.Name == "cam").Which.Source.Should().Be(url);
    }
}
