using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfDiffTests
{
    [Fact]
    public void ChangedGlobalKeys_SameText_Empty()
    {
        const string yaml = "rtspTransports: [tcp]\nauthInternalUsers:\n- user: a\n  pass: b\n  permissions: [{action: read}]\npaths:\n  cam:\n";
        ConfDiff.ChangedGlobalKeys(LoadOk(yaml), LoadOk(yaml)).Should().BeEmpty();
    }

    [Fact]
    public void ChangedGlobalKeys_ListsAndScalars_NamedByYamlKey()
    {
        BrokerConf a = LoadOk("rtspTransports: [tcp]\n");
        BrokerConf b = LoadOk("rtspTransports: [tcp, udp]\nrtspAddress: :1\nauthInternalUsers: []\npaths:\n  cam:\npathDefaults:\n  record: yes\n");
        ConfDiff.ChangedGlobalKeys(a, b).Should().BeEquivalentTo("rtspTransports", "rtspAddress", "authInternalUsers");
    }

    [Fact]
    public void ComparePath_Identical_Unchanged()
    {
        PathConf p = LoadOk("paths:\n  cam:\n    forward: [{dest: 'rtsp://h:1/a'}]\n").Paths[0];
        PathConf q = LoadOk("paths:\n  cam:\n    forward: [{dest: 'rtsp://h:1/a'}]\n").Paths[0];
        ConfDiff.ComparePath(p, q).Should().Be(PathConfChange.Unchanged);
    }

    [Theory]
    [InlineData("record: yes")]
    [InlineData("recordPath: ./x/%path/%s")]
    [InlineData("recordFormat: mpegts")]
    [InlineData("recordDeleteAfter: 2d")]
    [InlineData("forward: [{dest: 'srt://h:9000'}]")]
    [InlineData("runOnRecordSegmentComplete: ./done.sh")]
    [InlineData("readerBatchDuration: 350ms")]
    [InlineData("readerBatchDuration: auto")]
    public void ComparePath_OnlyHotKeys_HotUpdate(string change)
    {
        PathConf old = LoadOk("paths:\n  cam:\n").Paths[0];
        PathConf next = LoadOk($"paths:\n  cam:\n    {change}\n").Paths[0];
        ConfDiff.ComparePath(old, next).Should().Be(PathConfChange.HotUpdate);
    }

    [Theory]
    [InlineData("source: rtsp://h:554/a")]
    [InlineData("maxReaders: 2")]
    [InlineData("runOnReady: ./x.sh")]
    [InlineData("overridePublisher: no")]
    public void ComparePath_OtherKeys_Restart(string change)
    {
        PathConf old = LoadOk("paths:\n  cam:\n").Paths[0];
        PathConf next = LoadOk($"paths:\n  cam:\n    {change}\n    record: yes\n").Paths[0];
        ConfDiff.ComparePath(old, next).Should().Be(PathConfChange.Restart);
    }
}
