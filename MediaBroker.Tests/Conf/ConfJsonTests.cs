using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfJsonTests
{
    [Fact]
    public void ToJson_Global_HasEveryGlobalKeyInMediaMtxForm()
    {
        JsonObject o = ConfJson.ToJson(new BrokerConf());
        o.Select(kv => kv.Key).Should().Equal(ConfSchema.Global.Keys.Select(k => k.Name));
        o["readTimeout"]!.GetValue<string>().Should().Be("10s");
        o["hlsPartDuration"]!.GetValue<string>().Should().Be("200ms");
        o["hlsMuxerCloseAfter"]!.GetValue<string>().Should().Be("1m0s");
        o["hlsSegmentMaxSize"]!.GetValue<string>().Should().Be("50M");
        o["writeQueueSize"]!.GetValue<int>().Should().Be(512);
        o["rtsp"]!.GetValue<bool>().Should().BeTrue();
        o["rtspTransports"]!.ToJsonString().Should().Be("""["udp","multicast","tcp"]""");
        o["authInternalUsers"]![1]!["ips"]!.ToJsonString().Should().Be("""["127.0.0.1","::1"]""");
        o.ContainsKey("paths").Should().BeFalse();
    }

    [Fact]
    public void ToJson_Path_HasNameAndEveryPathKey()
    {
        JsonObject o = ConfJson.ToJson(new PathConf { Name = "cam" });
        o["name"]!.GetValue<string>().Should().Be("cam");
        o.Count.Should().Be(ConfSchema.Path.Keys.Length + 1);
        o["recordDeleteAfter"]!.GetValue<string>().Should().Be("1d");
        o["recordSegmentDuration"]!.GetValue<string>().Should().Be("1h0m0s");
        o["rtspUDPSourcePortRange"]!.ToJsonString().Should().Be("[32768,60999]");
    }

    [Fact]
    public void ToJson_Redacted_BlanksPasswords()
    {
        BrokerConf c = LoadOk("authInternalUsers:\n- user: admin\n  pass: secret\n");
        ConfJson.ToJson(c)["authInternalUsers"]![0]!["pass"]!.GetValue<string>().Should().Be("secret");
        ConfJson.ToJson(c, redactPasswords: true)["authInternalUsers"]![0]!["pass"]!.GetValue<string>().Should().Be("");
    }

    [Fact]
    public void PatchGlobal_RoundTripOfToJson_IsIdentity()
    {
        BrokerConf c = LoadOk(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Conf", "every-key.yml")));
        BrokerConf patched = ConfJson.PatchGlobal(c, ConfJson.ToJson(c), out List<ConfError> errors);
        errors.Should().BeEmpty();
        patched.Should().Be(c);
    }

    [Fact]
    public void PatchGlobal_ChangesOnlyGivenKeys()
    {
        var patch = new JsonObject { ["rtspAddress"] = ":7554", ["rtspTransports"] = new JsonArray("tcp"), ["readTimeout"] = "30s", ["api"] = true };
        BrokerConf c = ConfJson.PatchGlobal(new BrokerConf(), patch, out List<ConfError> errors);
        errors.Should().BeEmpty();
        ConfDiff.ChangedGlobalKeys(new BrokerConf(), c).Should().BeEquivalentTo("rtspAddress", "rtspTransports", "readTimeout", "api");
    }

    [Fact]
    public void PatchGlobal_UnknownFieldOrBadValue_ErrorsAndInputKept()
    {
        var original = new BrokerConf();
        var patch = new JsonObject { ["rtspAdress"] = ":1", ["writeQueueSize"] = 100, ["paths"] = new JsonObject() };
        BrokerConf c = ConfJson.PatchGlobal(original, patch, out List<ConfError> errors);
        c.Should().BeSameAs(original);
        errors.Select(e => e.Key).Should().BeEquivalentTo("rtspAdress", "paths");
        errors.Should().OnlyContain(e => e.Line == null);
    }

    [Fact]
    public void PatchGlobal_RuleBroken_Error()
    {
        ConfJson.PatchGlobal(new BrokerConf(), new JsonObject { ["writeQueueSize"] = 100 }, out List<ConfError> errors);
        errors.Should().ContainSingle().Which.Key.Should().Be("writeQueueSize");
    }

    [Fact]
    public void PatchPath_AddsPathFromDefaults()
    {
        BrokerConf conf = LoadOk("pathDefaults:\n  maxReaders: 4\n");
        var patch = new JsonObject { ["source"] = "rtsp://h:554/s", ["sourceOnDemand"] = true, ["forward"] = new JsonArray(new JsonObject { ["dest"] = "srt://x:1" }) };
        PathConf p = ConfJson.PatchPath(conf.PathDefaults with { Name = "cam" }, patch, out List<ConfError> errors, conf);
        errors.Should().BeEmpty();
        p.Should().Be(new PathConf
        {
            Name = "cam", MaxReaders = 4, Source = "rtsp://h:554/s", SourceOnDemand = true, Forward = [new ForwardConf { Dest = "srt://x:1" }],
        });
    }

    [Fact]
    public void PatchPath_RuleBroken_ErrorNamesPathKey()
    {
        ConfJson.PatchPath(new PathConf { Name = "cam" }, new JsonObject { ["sourceOnDemand"] = true }, out List<ConfError> errors);
        errors.Should().ContainSingle().Which.Key.Should().Be("paths.cam.sourceOnDemand");
    }
}
