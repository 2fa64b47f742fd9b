using System.Net;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ConfFilePersisterTests
{
    private const string Original = """
        # MediaBroker test configuration
        logLevel: info   # keep quiet
        readTimeout: 10s

        # the API
        api: yes
        apiPersistConfig: yes
        apiAddress: 127.0.0.1:0
        rtspTransports:
        - udp
        - tcp

        pathDefaults:
          maxReaders: 0

        paths:
          # the main camera
          cam1:
            source: publisher
            maxReaders: 2   # small
          cam2:
          all_others:
        """;

    private static BrokerConf Load(string text)
    {
        var r = ConfLoader.Load(text, new Dictionary<string, string>());
        r.Errors.Should().BeEmpty();
        return r.Conf!;
    }

    [Fact]
    public void Apply_GlobalScalar_ReplacesValueKeepsComments()
    {
        var next = Load(Original) with { LogLevel = "debug" };
        var text = ConfFilePersister.Apply(Original, next, new ConfEdit.Global(["logLevel"]));
        text.Should().Be(Original.Replace("logLevel: info   # keep quiet", "logLevel: debug   # keep quiet", StringComparison.Ordinal));
        Load(text).LogLevel.Should().Be("debug");
    }

    [Fact]
    public void Apply_GlobalBlockList_BecomesFlowOnKeyLine()
    {
        var next = Load(Original) with { RtspTransports = ["tcp"] };
        var text = ConfFilePersister.Apply(Original, next, new ConfEdit.Global(["rtspTransports"]));
        text.Should().Contain("rtspTransports: [tcp]\n\npathDefaults:");
        Load(text).RtspTransports.Should().Equal("tcp");
    }

    [Fact]
    public void Apply_NewGlobalKey_AppendedAndLoads()
    {
        var next = Load(Original) with { WriteTimeout = TimeSpan.FromSeconds(30) };
        var text = ConfFilePersister.Apply(Original, next, new ConfEdit.Global(["writeTimeout"]));
        text.Should().StartWith(Original);
        Load(text).WriteTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Apply_PathPatch_InsertsIntoExistingAndEmptyEntries()
    {
        var conf = Load(Original);
        var cam1 = conf.Paths[0] with { OverridePublisher = false };
        var cam2 = conf.Paths[1] with { MaxReaders = 5 };
        var next = conf with { Paths = [cam1, cam2, conf.Paths[2]] };
        var text = ConfFilePersister.Apply(Original, next, new ConfEdit.PathKeys("cam1", ["overridePublisher"], false));
        text = ConfFilePersister.Apply(text, next, new ConfEdit.PathKeys("cam2", ["maxReaders"], false));
        text.Should().Contain("    maxReaders: 2   # small\n    overridePublisher: false\n");
        text.Should().Contain("  # the main camera\n");
        var loaded = Load(text);
        loaded.Paths.Single(p => p.Name == "cam1").OverridePublisher.Should().BeFalse();
        loaded.Paths.Single(p => p.Name == "cam2").MaxReaders.Should().Be(5);
        loaded.Paths.Select(p => p.Name).Should().Equal("cam1", "cam2", "all_others");
    }

    [Fact]
    public void Apply_PathAddReplaceDelete_RoundTrips()
    {
        var conf = Load(Original);
        var cam3 = conf.PathDefaults with { Name = "cam3", Source = "rtsp://10.0.0.1:554/x", SourceOnDemand = true };
        var added = conf with { Paths = [.. conf.Paths, cam3] };
        var text = ConfFilePersister.Apply(Original, added, new ConfEdit.PathKeys("cam3", ["source", "sourceOnDemand"], true));
        Load(text).Paths.Single(p => p.Name == "cam3").Should().Be(cam3);

        var replaced = conf.PathDefaults with { Name = "cam1", MaxReaders = 8 };
        var next = conf with { Paths = [replaced, .. conf.Paths.Skip(1)] };
        text = ConfFilePersister.Apply(Original, next, new ConfEdit.PathKeys("cam1", ["maxReaders"], true));
        text.Should().NotContain("source: publisher");
        Load(text).Paths[0].Should().Be(replaced);

        var deleted = ConfFilePersister.Apply(Original, conf with { Paths = conf.Paths.RemoveAt(0) }, new ConfEdit.PathDelete("cam1"));
        deleted.Should().NotContain("cam1:").And.Contain("  # the main camera\n  cam2:");
        Load(deleted).Paths.Select(p => p.Name).Should().Equal("cam2", "all_others");
    }

    [Fact]
    public void Apply_PathDefaults_MissingSectionCreated()
    {
        const string text0 = "logLevel: info\n";
        var conf = Load(text0);
        var next = conf with { PathDefaults = conf.PathDefaults with { MaxReaders = 3 } };
        var text = ConfFilePersister.Apply(text0, next, new ConfEdit.PathDefaults(["maxReaders"]));
        text.Should().Be("logLevel: info\npathDefaults:\n  maxReaders: 3\n");
        Load(text).PathDefaults.MaxReaders.Should().Be(3);
    }

    [Fact]
    public void Apply_StringsNeedingQuotes_AreQuoted()
    {
        const string text0 = "paths:\n  cam1: {}\n";
        var conf = Load(text0);
        var cam = conf.Paths[0] with { RunOnInit = "ffmpeg -i 'a b' # not a comment", RtspRangeStart = "yes" };
        var next = conf with { Paths = [cam] };
        var text = ConfFilePersister.Apply(text0, next, new ConfEdit.PathKeys("cam1", ["runOnInit", "rtspRangeStart"], false));
        var loaded = Load(text).Paths[0];
        loaded.RunOnInit.Should().Be(cam.RunOnInit);
        loaded.RtspRangeStart.Should().Be("yes");
    }

    [Fact]
    public void Apply_EveryKeyOfShippedFile_RewrittenValuesLoadTheSame()
    {
        var text0 = File.ReadAllText(Path.Combine(MediaBroker.Tests.Conf.ConfTestUtil.RepoRoot(), "mediabroker.yml"));
        var conf = Load(text0) with
        {
            AuthInternalUsers = [new AuthInternalUserConf { User = "u:x", Pass = "p#1", Ips = ["10.0.0.0/8"], Permissions = [new("read", "~^cam")] }],
            LogDestinations = ["stdout", "file"],
        };
        var text = ConfFilePersister.Apply(text0, conf, new ConfEdit.Global([.. ConfSchema.Global.Keys.Select(k => k.Name)]));
        text = ConfFilePersister.Apply(text, conf, new ConfEdit.PathDefaults([.. ConfSchema.Path.Keys.Select(k => k.Name)]));
        Load(text).Should().Be(conf);
        text.Split('\n').Count(l => l.TrimStart().StartsWith('#')).Should().Be(text0.Split('\n').Count(l => l.TrimStart().StartsWith('#')));
    }

    [Fact]
    public async Task Api_PersistEnabled_WritesFileAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("mb-api-");
        try
        {
            var file = Path.Combine(dir.FullName, "mediabroker.yml");
            await File.WriteAllTextAsync(file, Original);
            await using var host = await ApiTestHost.StartAsync(Load(Original), file);
            (await host.SendAsync(HttpMethod.Patch, "/v3/config/global/patch", """{"readTimeout":"15s"}""")).Status.Should().Be(HttpStatusCode.OK);
            (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/add/cam9", """{"maxReaders":4}""")).Status.Should().Be(HttpStatusCode.OK);
            var text = await File.ReadAllTextAsync(file);
            text.Should().StartWith("# MediaBroker test configuration\nlogLevel: info   # keep quiet\nreadTimeout: 15s\n");
            var loaded = Load(text);
            loaded.ReadTimeout.Should().Be(TimeSpan.FromSeconds(15));
            loaded.Paths.Single(p => p.Name == "cam9").MaxReaders.Should().Be(4);
            dir.GetFiles().Select(f => f.Name).Should().Equal("mediabroker.yml");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Api_PersistDisabled_LeavesFileAlone()
    {
        var dir = Directory.CreateTempSubdirectory("mb-api-");
        try
        {
            var file = Path.Combine(dir.FullName, "mediabroker.yml");
            var text0 = Original.Replace("apiPersistConfig: yes", "apiPersistConfig: no", StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, text0);
            await using var host = await ApiTestHost.StartAsync(Load(text0), file);
            (await host.SendAsync(HttpMethod.Patch, "/v3/config/global/patch", """{"readTimeout":"15s"}""")).Status.Should().Be(HttpStatusCode.OK);
            (await File.ReadAllTextAsync(file)).Should().Be(text0);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
