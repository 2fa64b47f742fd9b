using FluentAssertions;
using MediaBroker.Media;
using MediaBroker.Streams.Files;
using Xunit;

namespace MediaBroker.Tests.Streams.Files;

/// <summary>
/// Seek indexes of ffmpeg-made clips: one cut per key frame (every second), each found again by reading from its position,
/// and the cache that keeps them while a file is unchanged.
/// </summary>
public sealed class FileVodIndexTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vodidx").FullName;

    [RequiresFfmpegFact]
    public async Task Scan_EachStreamedContainer_CutsAtKeyFramesAndResumesThere()
    {
        foreach (var name in new[] { "clip.mkv", "clip.ts", "clip.flv", "bframes.mkv" })
        {
            var file = await FileClips.MakeAsync(_dir, name, bFrames: name.StartsWith('b') ? 2 : 0);
            FileVodIndex index;
            using (var reader = FileUnitReaders.Open(file))
            {
                index = FileVodIndex.Scan(reader, 1);
            }

            index.Count.Should().Be(FileClips.Seconds, name);
            index.Duration.Should().BeApproximately(FileClips.Seconds, 0.05, name);
            for (var i = 0; i < index.Count; i++)
            {
                (index.Cuts[i].Time - index.Cuts[0].Time).Should().BeApproximately(i, 0.001, name);
            }

            // Reading from each cut's position finds its key frame again, in a fresh reader as a request would.
            using var again = FileUnitReaders.Open(file);
            var primary = again.Tracks[index.Primary];
            foreach (var cut in index.Cuts.Reverse())
            {
                again.Seek(cut.Position);
                Unit? key = null;
                while (again.Next() is { } u && key is null)
                {
                    key = u.Track == primary && u.IsRandomAccess && u.Pts == cut.KeyPts ? u : null;
                }

                key.Should().NotBeNull($"{name}: the key frame at {cut.Time}s after seeking to {cut.Position}");
            }
        }
    }

    [RequiresFfmpegFact]
    public async Task FromCues_Matroska_SameCutsAsAScanAndResumable()
    {
        foreach (var (name, bFrames) in new[] { ("clip.mkv", 0), ("bframes.mkv", 2) })
        {
            var file = await FileClips.MakeAsync(_dir, name, bFrames);
            FileVodIndex scanned;
            using (var reader = FileUnitReaders.Open(file))
            {
                scanned = FileVodIndex.Scan(reader, 1);
            }

            using var mkv = (MatroskaFileUnitReader)FileUnitReaders.Open(file);
            var cued = FileVodIndex.FromCues(mkv, 1);
            cued.Should().NotBeNull($"{name}: ffmpeg writes Cues and a Duration");
            cued!.Cuts.Select(c => (c.Time, c.KeyPts)).Should().Equal(scanned.Cuts.Select(c => (c.Time, c.KeyPts)), name);
            cued.Duration.Should().BeApproximately(scanned.Duration, 0.05, name);

            var primary = mkv.Tracks[cued.Primary];
            foreach (var cut in cued.Cuts.Reverse())
            {
                mkv.Seek(cut.Position);
                Unit? key = null;
                while (mkv.Next() is { } u && key is null)
                {
                    key = u.Track == primary && u.IsRandomAccess && u.Pts == cut.KeyPts ? u : null;
                }

                key.Should().NotBeNull($"{name}: the key frame at {cut.Time}s after seeking to the Cluster at {cut.Position}");
            }
        }
    }

    [RequiresFfmpegFact]
    public async Task Cache_KeepsIndexUntilTheFileChanges()
    {
        var file = await FileClips.MakeAsync(_dir, "clip.ts");
        var cache = new FileVodIndexCache();
        var first = cache.Get(file, TimeSpan.FromSeconds(1));
        cache.Get(file, TimeSpan.FromSeconds(1)).Should().BeSameAs(first);
        cache.Builds.Should().Be(1);

        cache.Get(file, TimeSpan.FromSeconds(2)).Count.Should().Be(2, "cuts at least 2 s apart in a 3 s file: 0 and 2");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        cache.Get(file, TimeSpan.FromSeconds(1)).Should().NotBeSameAs(first);
        cache.Builds.Should().Be(3);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
