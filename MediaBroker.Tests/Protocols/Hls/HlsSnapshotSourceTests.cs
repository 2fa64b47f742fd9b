using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsSnapshotSourceTests
{
    [Fact]
    public async Task WaitAsync_PartNotYetThere_ReturnsWhenItIsPublished()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 26, gop: 25);

        var wait = seg.Output.WaitAsync(s => s.Contains(1, 1), TimeSpan.FromSeconds(10), CancellationToken.None);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 5, gop: 25, startFrame: 26);
        wait.IsCompleted.Should().BeFalse("part 1 of segment 1 does not exist yet");

        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 5, gop: 25, startFrame: 31);
        var s = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        s.Contains(1, 1).Should().BeTrue();
        s.CurrentParts.Should().HaveCount(2);
    }

    [Fact]
    public async Task WaitAsync_Timeout_ReturnsLatest()
    {
        var source = new HlsSnapshotSource();
        var s = await source.WaitAsync(x => !x.Segments.IsEmpty, TimeSpan.FromMilliseconds(50), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        s.Segments.Should().BeEmpty();
    }

    [Fact]
    public async Task WaitAsync_Ended_ReturnsAtOnce()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        var wait = seg.Output.WaitAsync(x => !x.Segments.IsEmpty, TimeSpan.FromSeconds(30), CancellationToken.None);
        seg.End();
        (await wait.WaitAsync(TimeSpan.FromSeconds(5))).Ended.Should().BeTrue();
    }
}
