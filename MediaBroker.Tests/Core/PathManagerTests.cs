using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class PathManagerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AddReaderAsync_PublishedPath_ReceivesUnits()
    {
        using var pm = TestPaths.Manager();
        var publisher = new TestPaths.Peer();
        var pub = await pm.AddPublisherAsync(TestPaths.Access("cam"), publisher, default);
        pub.Status.Should().Be(PathStatus.Ok);
        var tracks = TestPaths.H264AndAac();
        var stream = pub.Value!.StartStream(tracks);

        var read = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        read.Status.Should().Be(PathStatus.Ok);
        read.Value!.Stream.Should().BeSameAs(stream);
        var q = stream.Units.Subscribe(stream.ReaderOptions("test"));

        stream.WriteUnit(TestPaths.Video(tracks[0], 0, key: true));
        (await q.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).IsKeyFrame.Should().BeTrue();
        pm.Find("cam")!.ReaderCount.Should().Be(1);
        pm.Find("cam")!.Source.Should().BeSameAs(publisher);
    }

    [Fact]
    public async Task AddReaderAsync_NothingPublished_NoStream()
    {
        using var pm = TestPaths.Manager();
        var r = await pm.AddReaderAsync(TestPaths.Access("nothing"), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.NoStream);
        r.Message.Should().Be("no stream is available on path 'nothing'");
        pm.Find("nothing").Should().BeNull("dynamic paths are removed when idle");
    }

    [Theory]
    [InlineData("/lead")]
    [InlineData("trail/")]
    [InlineData("a/../b")]
    [InlineData("sp ace")]
    public async Task AddPublisherAsync_InvalidName_Refused(string name)
    {
        using var pm = TestPaths.Manager();
        var r = await pm.AddPublisherAsync(TestPaths.Access(name), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.InvalidName);
    }

    [Fact]
    public async Task AddPublisherAsync_NoMatchingConf_NotConfigured()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "only" }));
        var r = await pm.AddPublisherAsync(TestPaths.Access("other"), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.NotConfigured);
    }

    [Fact]
    public async Task AddPublisherAsync_SecondPublisherWithOverride_KicksFirstAndEndsItsReaders()
    {
        using var pm = TestPaths.Manager();
        var first = new TestPaths.Peer();
        var lease1 = (await pm.AddPublisherAsync(TestPaths.Access("cam"), first, default)).Value!;
        var stream1 = lease1.StartStream(TestPaths.H264AndAac());
        var reader = new TestPaths.Peer();
        await pm.AddReaderAsync(TestPaths.Access("cam"), reader, default);

        var second = await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);

        second.Status.Should().Be(PathStatus.Ok);
        (await first.Kicked.WaitAsync(Timeout)).Should().Contain("another publisher");
        await reader.Kicked.WaitAsync(Timeout);
        stream1.IsClosed.Should().BeTrue();
        lease1.Dispose(); // late dispose of the replaced lease must not unpublish the new one
        pm.Find("cam").Should().NotBeNull();
    }

    [Fact]
    public async Task AddPublisherAsync_SecondPublisherWithoutOverride_Busy()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "all_others", OverridePublisher = false }));
        await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        var r = await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.PublisherBusy);
        r.Message.Should().Be("someone is already publishing to path 'cam'");
    }

    [Fact]
    public async Task AddReaderAsync_MaxReaders_Enforced()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "all_others", MaxReaders = 1 }));
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        var first = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        var second = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        first.Status.Should().Be(PathStatus.Ok);
        second.Status.Should().Be(PathStatus.TooManyReaders);

        first.Value!.Dispose();
        (await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Status.Should().Be(PathStatus.Ok);
    }

    [Fact]
    public async Task PublisherLeaves_DynamicPathRemoved_StaticPathStays()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "fixed" }, new PathConf { Name = "all_others" }));
        pm.Find("fixed").Should().NotBeNull("static paths exist from start-up");

        var dyn = (await pm.AddPublisherAsync(TestPaths.Access("dyn"), new TestPaths.Peer(), default)).Value!;
        var fix = (await pm.AddPublisherAsync(TestPaths.Access("fixed"), new TestPaths.Peer(), default)).Value!;
        dyn.StartStream(TestPaths.H264AndAac());
        fix.StartStream(TestPaths.H264AndAac());
        pm.Find("fixed")!.IsReady.Should().BeTrue();

        dyn.Dispose();
        fix.Dispose();

        pm.Find("dyn").Should().BeNull();
        pm.Find("fixed")!.IsReady.Should().BeFalse();
    }

    [Fact]
    public async Task Redirect_ReturnsTarget()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "~^old(\\d+)$", Source = "redirect", SourceRedirect = "rtsp://other:8554/new$G1" }));
        var r = await pm.AddReaderAsync(TestPaths.Access("old7"), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.Redirect);
        r.RedirectTo.Should().Be("rtsp://other:8554/new7");
    }

    [Fact]
    public async Task WriteUnit_SecondPublisher_TimeKeepsMovingForward()
    {
        using var pm = TestPaths.Manager();
        var lease1 = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        var tracks1 = TestPaths.H264AndAac();
        var s1 = lease1.StartStream(tracks1);
        var u1 = Published(s1, TestPaths.Video(tracks1[0], 5_000_000, key: true))[0];
        lease1.Dispose();

        var lease2 = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        var tracks2 = TestPaths.H264AndAac();
        var s2 = lease2.StartStream(tracks2);
        var u2 = Published(s2, TestPaths.Video(tracks2[0], 0, key: true))[0];

        u1.Pts.Should().BeGreaterThanOrEqualTo(90_000, "timestamps start at the path clock's base, not at the publisher's");
        u2.Pts.Should().BeGreaterThanOrEqualTo(u1.Pts, "a new publisher continues the path's time");
    }

    [Fact]
    public async Task WriteUnit_TracksKeepTheirRelativeTiming()
    {
        using var pm = TestPaths.Manager();
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        var tracks = TestPaths.H264AndAac();
        var s = lease.StartStream(tracks);
        var published = Published(s, TestPaths.Video(tracks[0], 90_000, key: true), TestPaths.Audio(tracks[1], 66_150)); // 1.0 s, 1.5 s at 44.1 kHz
        var (v, a) = (published[0], published[1]);
        ((double)a.Pts / 44_100 - (double)v.Pts / 90_000).Should().BeApproximately(0.5, 0.001);
    }

    [Fact]
    public async Task WriteUnit_PublishesAShiftedCopy_LeavesThePublishersUnitAlone()
    {
        using var pm = TestPaths.Manager();
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        var tracks = TestPaths.H264AndAac();
        var s = lease.StartStream(tracks);
        var written = TestPaths.Video(tracks[0], 5_000_000, key: true);

        var published = Published(s, written)[0];

        written.Pts.Should().Be(5_000_000);
        written.Dts.Should().Be(5_000_000);
        published.Should().NotBeSameAs(written);
        published.Pts.Should().Be(published.Dts).And.BeLessThan(5_000_000);
        published.Payloads.Should().BeSameAs(written.Payloads, "payloads are shared, not copied");
    }

    /// <summary>Writes <paramref name="units"/> and returns what a reader of the stream received.</summary>
    private static List<Unit> Published(MediaStream stream, params Unit[] units)
    {
        var reader = stream.Units.Subscribe(stream.ReaderOptions("test"));
        foreach (var unit in units)
        {
            stream.WriteUnit(unit);
        }

        stream.Units.Unsubscribe(reader);
        var published = new List<Unit>();
        while (reader.Reader.TryRead(out var u))
        {
            published.Add(u);
        }

        published.Should().HaveCount(units.Length);
        return published;
    }
}
