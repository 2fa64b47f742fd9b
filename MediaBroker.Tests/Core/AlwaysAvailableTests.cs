using System.Collections.Immutable;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Streams.Offline;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Core;

/// <summary>
/// Always-available paths in the core: one stream for the life of the path, the offline media before and between
/// publishers, publishers switched in at a key frame, and time that only moves forward on every track.
/// </summary>
public sealed class AlwaysAvailableTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] PublisherKey = [0x65, 0x88, 0x84];
    private static readonly byte[] PublisherDelta = [0x41, 0x9A, 0x02];

    internal static PathConf CamConf() => new()
    {
        Name = "cam",
        AlwaysAvailable = true,
        AlwaysAvailableTracks = ImmutableArray.Create(
            new AlwaysAvailableTrackConf { Codec = "H264" },
            new AlwaysAvailableTrackConf { Codec = "MPEG4Audio", SampleRate = 44100, ChannelCount = 2 }),
    };

    internal static PathManager Manager(PathConf conf) =>
        new(TestPaths.Conf(conf), new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [], null, null, new OfflineMediaFactory());

    [Fact]
    public async Task NoPublisher_ReaderGetsOfflineMediaWithDeclaredTracks()
    {
        using var pm = Manager(CamConf());
        var path = pm.Find("cam")!;
        path.IsReady.Should().BeTrue();
        path.IsOnline.Should().BeFalse();
        path.Source.Should().BeNull();

        var r = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);

        r.Status.Should().Be(PathStatus.Ok);
        var stream = r.Value!.Stream;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");
        ((H264Codec)stream.Tracks[0].Codec).Sps.Should().NotBeNull();
        stream.Tracks[1].Codec.Should().BeOfType<Mpeg4AudioCodec>().Which.SampleRate.Should().Be(44100);

        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        var got = new List<Unit>();
        await ReadUntilAsync(queue, got, () => got.Count(u => u.IsVideo) >= 3 && got.Count(u => !u.IsVideo) >= 10);

        var video = got.Where(u => u.IsVideo).ToList();
        video[0].IsRandomAccess.Should().BeTrue("a reader starts at a key frame");
        video.Zip(video.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d == 18000, "the clip runs at 5 fps");
        var audio = got.Where(u => !u.IsVideo).ToList();
        audio.Zip(audio.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d == 1024, "one AAC frame after another");
        audio[0].Payloads[0].ToArray().Should().Equal(0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C);
    }

    [Fact]
    public async Task PublisherComesAndGoes_ReaderStaysAndTimeMovesForwardOnEveryTrack()
    {
        using var pm = Manager(CamConf());
        var path = pm.Find("cam")!;
        var reader = new TestPaths.Peer();
        var r = await pm.AddReaderAsync(TestPaths.Access("cam"), reader, default);
        var stream = r.Value!.Stream;
        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        var got = new List<Unit>();
        await ReadUntilAsync(queue, got, () => got.Count(u => u.IsVideo) >= 2);
        var offlineSps = ((H264Codec)stream.Tracks[0].Codec).Sps;

        var publisher = new TestPaths.Peer();
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), publisher, default)).Value!;
        var tracks = TestPaths.H264AndAac();
        var feed = lease.StartStream(tracks);
        feed.IsClosed.Should().BeFalse();
        path.IsOnline.Should().BeTrue();
        path.Source.Should().BeSameAs(publisher);

        // A delta frame before the publisher's first key frame never reaches readers: they could not decode it.
        feed.WriteUnit(Video(tracks[0], 0, PublisherDelta, false));
        for (var i = 1; i <= 10; i++)
        {
            feed.WriteUnit(Video(tracks[0], i * 3600, i % 5 == 1 ? PublisherKey : PublisherDelta, i % 5 == 1));
            feed.WriteUnit(TestPaths.Audio(tracks[1], i * 1764));
        }

        await ReadUntilAsync(queue, got, () => got.Count(IsPublisherVideo) >= 10);
        got.First(IsPublisherVideo).Payloads[0].ToArray().Should().Equal(PublisherKey);
        ((H264Codec)stream.Tracks[0].Codec).Sps.Should().Equal(((H264Codec)tracks[0].Codec).Sps, "readers see the publisher's parameters");

        lease.Dispose();
        path.IsOnline.Should().BeFalse();
        path.Source.Should().BeNull();
        var before = got.Count;
        await ReadUntilAsync(queue, got, () => got.Skip(before).Count(u => u.IsVideo && !IsPublisherVideo(u)) >= 2);
        ((H264Codec)stream.Tracks[0].Codec).Sps.Should().Equal(offlineSps, "the offline parameters are back");
        got.Skip(before).First(u => u.IsVideo).IsRandomAccess.Should().BeTrue("the offline media starts again at a key frame");

        // A second publisher: the same reader, the same stream.
        var lease2 = (await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default)).Value!;
        var tracks2 = TestPaths.H264AndAac();
        var feed2 = lease2.StartStream(tracks2);
        var mark = got.Count;
        for (var i = 0; i < 5; i++)
        {
            feed2.WriteUnit(Video(tracks2[0], i * 3600, i == 0 ? PublisherKey : PublisherDelta, i == 0));
        }

        await ReadUntilAsync(queue, got, () => got.Skip(mark).Count(IsPublisherVideo) >= 5);
        lease2.Dispose();

        reader.Kicked.IsCompleted.Should().BeFalse();
        path.Readers.Should().ContainSingle();
        foreach (var track in stream.Tracks)
        {
            var dts = got.Where(u => u.Track == track).Select(u => u.Dts).ToList();
            dts.Zip(dts.Skip(1), (a, b) => b - a).Should().OnlyContain(d => d > 0, $"{track.Codec.Name} decode times only increase");
        }

        // One wall-clock mapping for the whole stream, whoever writes: RTCP sender reports never jump at a switch.
        var origins = got.Select(u => (u.NtpTime - TimeSpan.FromSeconds((double)u.Pts / u.Track.ClockRate)).Ticks).ToList();
        (origins.Max() - origins.Min()).Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(2).Ticks);

        // The hub's meters follow what readers get, whoever writes (the offline media may have written more since).
        var lastVideo = got.Last(u => u.IsVideo);
        var meter = stream.Meters[0].Read();
        meter.Should().NotBeNull();
        meter!.Value.LastMs.Should().BeGreaterThanOrEqualTo(lastVideo.Dts * 1000 / lastVideo.Track.ClockRate);
        stream.Meters[1].Read()!.Value.Units.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task PublisherWithOtherCodec_RefusedWithTheDeclaredAndOfferedTracks()
    {
        using var pm = Manager(CamConf());
        var publisher = new TestPaths.Peer();
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), publisher, default)).Value!;

        var feed = lease.StartStream([new Track(0, new H265Codec(null, null, null))]);

        feed.IsClosed.Should().BeTrue();
        (await publisher.Kicked.WaitAsync(Timeout)).Should().Be("path cam is always available with tracks H264, MPEG-4 Audio; the publisher has H265");
        pm.Find("cam")!.IsOnline.Should().BeFalse();
        pm.Find("cam")!.IsReady.Should().BeTrue();
    }

    [Fact]
    public async Task PublisherWithOtherSampleRate_RefusedNamingTheRates()
    {
        using var pm = Manager(CamConf());
        var publisher = new TestPaths.Peer();
        var lease = (await pm.AddPublisherAsync(TestPaths.Access("cam"), publisher, default)).Value!;

        lease.StartStream([TestPaths.H264AndAac()[0], new Track(1, new Mpeg4AudioCodec([0x11, 0x90], 48000, 2))]);

        (await publisher.Kicked.WaitAsync(Timeout)).Should().Be(
            "path cam is always available with tracks H264, MPEG-4 Audio 44100 Hz 2 ch; the publisher has H264, MPEG-4 Audio 48000 Hz 2 ch");
    }

    [Fact]
    public void OfflineMediaCannotBeMade_PathWorksAsAPlainOne()
    {
        var conf = CamConf() with { AlwaysAvailableFile = "/nonexistent/offline.mp4" };
        using var pm = Manager(conf);

        var path = pm.Find("cam")!;
        path.IsAlwaysAvailable.Should().BeFalse();
        path.IsReady.Should().BeFalse();
    }

    private static bool IsPublisherVideo(Unit u) =>
        u.IsVideo && u.Payloads.Length == 1 && (u.Payloads[0].Span.SequenceEqual(PublisherKey) || u.Payloads[0].Span.SequenceEqual(PublisherDelta));

    private static Unit Video(Track track, long pts, byte[] nal, bool key) => new()
    {
        Track = track,
        Pts = pts,
        Dts = pts,
        NtpTime = DateTime.UtcNow,
        IsRandomAccess = key,
        Payloads = [nal],
    };

    internal static async Task ReadUntilAsync(ReaderQueue<Unit> queue, List<Unit> got, Func<bool> done)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!done())
        {
            got.Add(await queue.Reader.ReadAsync(cts.Token));
        }
    }
}
