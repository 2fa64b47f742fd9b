using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfLoaderTests
{
    [Fact]
    public void Load_EmptyText_GivesDefaults()
    {
        ConfLoadResult r = Load("");
        r.Ok.Should().BeTrue();
        r.Conf.Should().Be(new BrokerConf());
        r.Conf!.RtspAddress.Should().Be(":8554");
        r.Conf.HlsSegmentMaxSize.Should().Be(50L * 1024 * 1024);
        r.Conf.AuthInternalUsers.Should().HaveCount(2);
        r.Conf.Api.Should().BeFalse("a file without the api keys keeps MediaMTX's default");
        r.Conf.ApiAddress.Should().Be(":9997");
        r.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Load_EveryKeyFile_LoadsWithoutErrorsAndEqualsDefaults()
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Conf", "every-key.yml"));
        ConfLoadResult r = Load(text);
        r.Errors.Should().BeEmpty();
        BrokerConf c = r.Conf!;
        (c with { Paths = [] }).Should().Be(new BrokerConf());
        c.Paths.Select(p => p.Name).Should().Equal("cam", "all_others");
        c.Paths[0].Should().Be(new PathConf { Name = "cam" });
        c.PathDefaults.Should().Be(new PathConf());
        r.Warnings.Should().BeEmpty("a MediaMTX file with every key at its default loads silently (MoQ and rpiCamera keys included)");
    }

    [Fact]
    public void Load_ShippedDefaultFile_EqualsBuiltInDefaults()
    {
        string text = File.ReadAllText(Path.Combine(RepoRoot(), "mediabroker.yml"));
        ConfLoadResult r = Load(text);
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty();
        ShippedDashboard(r.Conf!).Should().Be(new BrokerConf());
        r.Conf!.Paths.Should().Equal(new PathConf { Name = "all_others" });
    }

    /// <summary>
    /// The shipped file differs from MediaMTX's defaults only by turning the API (and so the dashboard) on, bound
    /// to this machine: returns the configuration with those two keys put back, after checking them.
    /// </summary>
    private static BrokerConf ShippedDashboard(BrokerConf c)
    {
        c.Api.Should().BeTrue("a new user sees the dashboard at once");
        c.ApiAddress.Should().Be("127.0.0.1:9997", "only from this machine");
        return c with { Paths = [], Api = false, ApiAddress = ":9997" };
    }

    [Fact]
    public void Load_EmbeddedDefaultFile_EqualsBuiltInDefaults()
    {
        using Stream s = typeof(BrokerConf).Assembly.GetManifestResourceStream("mediabroker.yml")!;
        using var reader = new StreamReader(s);
        ConfLoadResult r = Load(reader.ReadToEnd());
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty();
        ShippedDashboard(r.Conf!).Should().Be(new BrokerConf());
    }

    [Fact]
    public void Load_UnknownKey_ErrorNamesKeyAndLine()
    {
        ConfLoadResult r = Load("rtspAddress: :8554\nrtspAdress: :1\npaths:\n  cam:\n    sourcee: x\n");
        r.Ok.Should().BeFalse();
        r.Conf.Should().BeNull();
        r.Errors.Should().HaveCount(2);
        r.Errors[0].Should().Be(new ConfError("rtspAdress", 2, "unknown key"));
        r.Errors[1].Should().Be(new ConfError("paths.cam.sourcee", 5, "unknown key"));
        r.Errors[1].ToString().Should().Be("line 5: key 'paths.cam.sourcee': unknown key");
    }

    [Fact]
    public void Load_UnknownKeyInListItem_ErrorNamesItem()
    {
        ConfLoadResult r = Load("authInternalUsers:\n- user: a\n  pass: b\n  permissionz: []\n");
        r.Errors.Should().ContainSingle().Which.Should().Be(new ConfError("authInternalUsers[0].permissionz", 4, "unknown key"));
    }

    [Fact]
    public void Load_InvalidYaml_ReportsLine()
    {
        ConfLoadResult r = Load("rtsp: yes\npaths:\n  cam: [\n");
        r.Ok.Should().BeFalse();
        r.Errors.Should().ContainSingle().Which.Line.Should().BeGreaterThan(1);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("On", true)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("OFF", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Load_YamlBooleans_AnyCase(string word, bool expected)
    {
        BrokerConf c = LoadOk($"api: {word}\nrtsp: {word}\n");
        c.Api.Should().Be(expected);
        c.Rtsp.Should().Be(expected);
    }

    [Fact]
    public void Load_BadBoolean_Error()
    {
        ConfLoadResult r = Load("\napi: maybe\n");
        r.Errors.Should().ContainSingle().Which.Should().Match<ConfError>(e => e.Key == "api" && e.Line == 2);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("200ms", 200)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2d12h", 216_000_000)]
    [InlineData("1.5s", 1_500)]
    public void Load_Durations_Parsed(string text, long ms)
    {
        LoadOk($"readTimeout: {text}\n").ReadTimeout.Should().Be(TimeSpan.FromMilliseconds(ms));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("s")]
    public void Load_BadDuration_Error(string text)
    {
        Load($"readTimeout: {text}\n").Errors.Should().ContainSingle().Which.Key.Should().Be("readTimeout");
    }

    [Theory]
    [InlineData("50M", 52_428_800)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("512K", 524_288)]
    [InlineData("512KB", 524_288)]
    [InlineData("2MiB", 2_097_152)]
    [InlineData("1.5K", 1_536)]
    [InlineData("100B", 100)]
    [InlineData("4096", 4096)]
    public void Load_Sizes_Parsed(string text, long bytes)
    {
        LoadOk($"hlsSegmentMaxSize: {text}\n").HlsSegmentMaxSize.Should().Be(bytes);
    }

    [Fact]
    public void Load_BadSize_Error()
    {
        Load("pathDefaults:\n  recordMaxPartSize: 50Q\n").Errors.Should().ContainSingle()
            .Which.Should().Be(new ConfError("pathDefaults.recordMaxPartSize", 2, "'50Q' is not a size (examples: 50M, 512K, 1G)"));
    }

    [Fact]
    public void Load_WrongEnumWord_Error()
    {
        ConfError e = Load("hlsVariant: superLow\n").Errors.Should().ContainSingle().Subject;
        e.Key.Should().Be("hlsVariant");
        e.Message.Should().Contain("mpegts, fmp4, lowLatency");
    }

    [Fact]
    public void Load_NullPathEntry_IsAllDefaultsWithPathDefaultsMerged()
    {
        BrokerConf c = LoadOk("pathDefaults:\n  maxReaders: 3\npaths:\n  cam1:\n  cam2:\n    maxReaders: 5\n");
        c.Paths.Select(p => p.Name).Should().Equal("cam1", "cam2");
        c.Paths[0].Should().Be(new PathConf { Name = "cam1", MaxReaders = 3 });
        c.Paths[1].MaxReaders.Should().Be(5);
    }

    [Fact]
    public void Load_PathsKeepFileOrder()
    {
        BrokerConf c = LoadOk("paths:\n  zeta:\n  alpha:\n  ~^m(.*)$:\n  middle:\n");
        c.Paths.Select(p => p.Name).Should().Equal("zeta", "alpha", "~^m(.*)$", "middle");
    }

    [Fact]
    public void Load_NullListKey_IsEmptyList()
    {
        LoadOk("rtspTransports:\n").RtspTransports.Should().BeEmpty();
    }

    [Fact]
    public void Load_ListsAndNestedItems_Bound()
    {
        BrokerConf c = LoadOk("""
            webrtcICEServers2:
            - url: stun:stun.example.com:3478
            - url: turn:turn.example.com:3478
              username: u
              password: p
              clientOnly: yes
            paths:
              cam:
                forward:
                - dest: rtmp://example.com/live/$MTX_PATH
                alwaysAvailable: yes
                alwaysAvailableTracks:
                - codec: H264
                - codec: MPEG4Audio
                  sampleRate: 48000
                  channelCount: 2
            """);
        c.WebrtcICEServers2.Should().Equal(
            new WebrtcIceServerConf { Url = "stun:stun.example.com:3478" },
            new WebrtcIceServerConf { Url = "turn:turn.example.com:3478", Username = "u", Password = "p", ClientOnly = true });
        c.Paths[0].Forward.Should().Equal(new ForwardConf { Dest = "rtmp://example.com/live/$MTX_PATH" });
        c.Paths[0].AlwaysAvailableTracks[1].Should().Be(new AlwaysAvailableTrackConf { Codec = "MPEG4Audio", SampleRate = 48000, ChannelCount = 2 });
    }

    [Fact]
    public void Load_TwoLoadsOfSameText_AreEqualByValue()
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Conf", "every-key.yml"));
        BrokerConf a = LoadOk(text), b = LoadOk(text);
        a.Should().NotBeSameAs(b);
        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a with { RtspTransports = ["tcp"] }).Should().NotBe(b);
    }

    [Fact]
    public void Load_ManyErrors_AllReported()
    {
        ConfLoadResult r = Load("writeQueueSize: 100\nudpMaxPayloadSize: 2000\nreadTimeout: 0s\nfoo: 1\n");
        r.Errors.Select(e => e.Key).Should().BeEquivalentTo("writeQueueSize", "udpMaxPayloadSize", "readTimeout", "foo");
    }

    [Fact]
    public void LoadFile_NoFileAnywhere_UsesDefaults()
    {
        string dir = Directory.CreateTempSubdirectory("conf").FullName;
        try
        {
            ConfLoadResult r = ConfLoader.LoadFile(null, NoEnv, dir, ["mediabroker.yml", "mediamtx.yml", Path.Combine(dir, "nope.yml")]);
            r.Ok.Should().BeTrue();
            r.UsedDefaults.Should().BeTrue();
            r.FilePath.Should().BeNull();
            r.Conf!.Paths.Select(p => p.Name).Should().Equal(["all_others"], "the built-in defaults are the default file, which lets anyone publish");
            ShippedDashboard(r.Conf).Should().Be(new BrokerConf());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void LoadFile_SearchOrder_FirstExistingWins()
    {
        string dir = Directory.CreateTempSubdirectory("conf").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "mediamtx.yml"), "rtspAddress: :1111\n");
            File.WriteAllText(Path.Combine(dir, "rtsp-simple-server.yml"), "rtspAddress: :2222\n");
            ConfLoadResult r = ConfLoader.LoadFile(null, NoEnv, dir, ConfLoader.SearchPaths);
            r.FilePath.Should().Be(Path.Combine(dir, "mediamtx.yml"));
            r.UsedDefaults.Should().BeFalse();
            r.Conf!.RtspAddress.Should().Be(":1111");

            File.WriteAllText(Path.Combine(dir, "mediabroker.yml"), "rtspAddress: :3333\n");
            ConfLoader.LoadFile(null, NoEnv, dir, ConfLoader.SearchPaths).Conf!.RtspAddress.Should().Be(":3333");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void LoadFile_ExplicitMissingFile_Error()
    {
        ConfLoadResult r = ConfLoader.LoadFile(Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".yml"), NoEnv);
        r.Ok.Should().BeFalse();
        r.Errors.Should().ContainSingle();
    }
}
