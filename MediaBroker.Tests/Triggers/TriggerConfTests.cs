using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Triggers;

public sealed class TriggerConfTests
{
    [Fact]
    public void Load_NoTriggersKey_NoTriggersAndTenSecondTimeout()
    {
        var conf = LoadOk("paths:\n  all_others:\n");
        conf.Triggers.Should().BeEmpty();
        conf.TriggersTimeout.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Load_Items_BoundWithTheirFields()
    {
        var conf = LoadOk("""
            triggers:
              - trigger: STREAM_PUSH
                handler: http://127.0.0.1:9000/push
                sync: yes
                streams: [live, cam]
                default: "true"
              - trigger: STREAM_END
                handler: /usr/local/bin/ended
            triggersTimeout: 3s
            """);
        conf.Triggers.Should().HaveCount(2);
        conf.Triggers[0].Should().BeEquivalentTo(new TriggerConf
        {
            Trigger = "STREAM_PUSH", Handler = "http://127.0.0.1:9000/push", Sync = true, Streams = ["live", "cam"], Default = "true",
        });
        conf.Triggers[1].Sync.Should().BeFalse();
        conf.Triggers[1].Streams.Should().BeEmpty();
        conf.Triggers[1].Default.Should().BeEmpty();
        conf.TriggersTimeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("triggers:\n  - trigger: NOT_A_TRIGGER\n    handler: /bin/true\n", "triggers[0].trigger")]
    [InlineData("triggers:\n  - trigger: STREAM_PUSH\n    handler: ''\n", "triggers[0].handler")]
    [InlineData("triggers:\n  - trigger: STREAM_PUSH\n    handler: ftp://host/x\n", "triggers[0].handler")]
    [InlineData("triggers:\n  - trigger: PUSH_REWRITE\n    handler: /bin/true\n", "triggers[0].sync")]
    [InlineData("triggers:\n  - trigger: STREAM_END\n    handler: /bin/true\n    sync: yes\n", "triggers[0].sync")]
    [InlineData("triggers:\n  - trigger: USER_NEW\n    handler: /bin/true\n    streams: ['']\n", "triggers[0].streams[0]")]
    [InlineData("triggersTimeout: 0s\n", "triggersTimeout")]
    public void Load_InvalidItem_ErrorNamesTheKey(string yaml, string key)
    {
        var r = Load(yaml);
        r.Ok.Should().BeFalse();
        r.Errors.Should().Contain(e => e.Key == key, "errors were: " + string.Join(" | ", r.Errors));
    }
}
