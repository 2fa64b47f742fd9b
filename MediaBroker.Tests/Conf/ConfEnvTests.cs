using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfEnvTests
{
    private static Dictionary<string, string> Env(params (string Key, string Value)[] vars) =>
        vars.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Load_ScalarOverride_BeatsFile()
    {
        BrokerConf c = LoadOk("rtspAddress: :1111\n", Env(("MTX_RTSPADDRESS", ":2222"), ("MTX_API", "yes"), ("MTX_READTIMEOUT", "3s")));
        c.RtspAddress.Should().Be(":2222");
        c.Api.Should().BeTrue();
        c.ReadTimeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Load_LegacyRtspPrefix_AppliedBeforeMtx()
    {
        LoadOk("", Env(("RTSP_RTMPADDRESS", ":1"))).RtmpAddress.Should().Be(":1");
        LoadOk("", Env(("RTSP_RTMPADDRESS", ":1"), ("MTX_RTMPADDRESS", ":2"))).RtmpAddress.Should().Be(":2");
    }

    [Fact]
    public void Load_ListOverride_CommaSeparated()
    {
        BrokerConf c = LoadOk("", Env(("MTX_RTSPTRANSPORTS", "tcp,udp"), ("MTX_WEBRTCADDITIONALHOSTS", "")));
        c.RtspTransports.Should().Equal("tcp", "udp");
        c.WebrtcAdditionalHosts.Should().BeEmpty();
    }

    [Fact]
    public void Load_PathKeyOverride_CreatesMissingPath()
    {
        BrokerConf c = LoadOk("paths:\n  other:\n", Env(("MTX_PATHS_CAM_SOURCE", "rtsp://10.0.0.1:554/s"), ("MTX_PATHS_CAM_SOURCEONDEMAND", "yes")));
        c.Paths.Select(p => p.Name).Should().Equal("other", "cam");
        c.Paths[1].Source.Should().Be("rtsp://10.0.0.1:554/s");
        c.Paths[1].SourceOnDemand.Should().BeTrue();
    }

    [Fact]
    public void Load_PathKeyOverride_ExistingPathNamesAndUnderscores()
    {
        BrokerConf c = LoadOk("paths:\n  Front_Door:\n    maxReaders: 1\n  all_others:\n",
            Env(("MTX_PATHS_FRONT_DOOR_MAXREADERS", "7"), ("MTX_PATHS_ALL_OTHERS_MAXREADERS", "9")));
        c.Paths.Should().HaveCount(2);
        c.Paths[0].Should().Match<PathConf>(p => p.Name == "Front_Door" && p.MaxReaders == 7);
        c.Paths[1].Should().Match<PathConf>(p => p.Name == "all_others" && p.MaxReaders == 9);
    }

    [Fact]
    public void Load_PathDefaultsOverride_InheritedByPaths()
    {
        BrokerConf c = LoadOk("paths:\n  cam:\n", Env(("MTX_PATHDEFAULTS_RECORD", "yes")));
        c.PathDefaults.Record.Should().BeTrue();
        c.Paths[0].Record.Should().BeTrue();
    }

    [Fact]
    public void Load_ListItemOverride_EditsDefaultItem()
    {
        BrokerConf c = LoadOk("", Env(("MTX_AUTHINTERNALUSERS_0_USER", "admin"), ("MTX_AUTHINTERNALUSERS_0_PASS", "pw")));
        c.AuthInternalUsers.Should().HaveCount(2);
        c.AuthInternalUsers[0].User.Should().Be("admin");
        c.AuthInternalUsers[0].Pass.Should().Be("pw");
        c.AuthInternalUsers[0].Permissions.Should().Equal(BrokerConf.DefaultInternalUsers[0].Permissions);
    }

    [Fact]
    public void Load_ListItemOverride_AppendsAndNests()
    {
        BrokerConf c = LoadOk("authInternalUsers:\n- user: a\n  pass: b\n",
            Env(("MTX_AUTHINTERNALUSERS_1_USER", "c"), ("MTX_AUTHINTERNALUSERS_1_PASS", "d"),
                ("MTX_AUTHINTERNALUSERS_1_PERMISSIONS_0_ACTION", "read"), ("MTX_AUTHINTERNALUSERS_1_PERMISSIONS_0_PATH", "cam"),
                ("MTX_AUTHINTERNALUSERS_1_IPS", "127.0.0.1,::1")));
        c.AuthInternalUsers.Should().Equal(
            new AuthInternalUserConf { User = "a", Pass = "b" },
            new AuthInternalUserConf { User = "c", Pass = "d", Ips = ["127.0.0.1", "::1"], Permissions = [new("read", "cam")] });
    }

    [Fact]
    public void Load_PathListItemOverride()
    {
        BrokerConf c = LoadOk("", Env(("MTX_PATHS_CAM_FORWARD_0_DEST", "srt://h:9000")));
        c.Paths.Single().Forward.Should().Equal(new ForwardConf { Dest = "srt://h:9000" });
    }

    [Fact]
    public void Load_DeprecatedKeyInEnv_Mapped()
    {
        ConfLoadResult r = Load("", Env(("MTX_PROTOCOLS", "tcp")));
        r.Conf!.RtspTransports.Should().Equal("tcp");
        r.Warnings.Should().ContainSingle();
    }

    [Fact]
    public void Load_BadEnvValue_ErrorWithoutLine()
    {
        ConfLoadResult r = Load("api: yes\n", Env(("MTX_WRITEQUEUESIZE", "lots")));
        r.Errors.Should().ContainSingle().Which.Should().Be(new ConfError("writeQueueSize", null, "'lots' is not an integer"));
    }

    [Fact]
    public void Load_UnrelatedMtxVariables_Ignored()
    {
        ConfLoadResult r = Load("", Env(("MTX_PATH", "cam"), ("MTX_QUERY", "a=1"), ("MTX_SOMETHING_ELSE", "x"), ("PATH", "/usr/bin")));
        r.Errors.Should().BeEmpty();
        r.Conf.Should().Be(new BrokerConf());
    }
}
