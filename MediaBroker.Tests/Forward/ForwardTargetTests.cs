using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Forward;
using Xunit;

namespace MediaBroker.Tests.Forward;

public sealed class ForwardTargetTests
{
    [Fact]
    public void Target_PathAndGroups_AreSubstituted()
    {
        var item = new ForwardConf { Dest = "rtmp://h/live/$MTX_PATH?g=$G1&h=$G2", DestFingerprint = "ab:cd", WhipBearerToken = "t" };
        ForwardManager.Target(item, "cam/7", ["cam/7", "cam", "7"])
            .Should().Be(new StreamPushTarget("rtmp://h/live/cam/7?g=cam&h=7", "ab:cd", "t"));
    }

    [Fact]
    public void Target_TenGroups_G10IsNotReadAsG1()
    {
        string[] groups = ["x", "1", "2", "3", "4", "5", "6", "7", "8", "9", "ten"];
        ForwardManager.Target(new ForwardConf { Dest = "srt://h:1?streamid=publish:$G10-$G1" }, "x", groups).Url
            .Should().Be("srt://h:1?streamid=publish:ten-1");
    }

    [Fact]
    public void Target_NoVariables_Unchanged()
    {
        ForwardManager.Target(new ForwardConf { Dest = "rtsp://h:8554/fixed" }, "cam", ["cam"]).Url.Should().Be("rtsp://h:8554/fixed");
    }
}
