using System.Collections.Immutable;
using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Streams.Offline;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Streams.Offline;

/// <summary>The offline media: built-in clips parsed with our MP4 reader, silence, files, and real-time pacing.</summary>
public sealed class OfflineMediaTests
{
    [Theory]
    [InlineData("H264", typeof(H264Codec))]
    [InlineData("H265", typeof(H265Codec))]
    [InlineData("VP9", typeof(Vp9Codec))]
    [InlineData("AV1", typeof(Av1Codec))]
    public async Task BuiltInClip_LoopsAtFiveFramesPerSecondWithAKeyFrameEverySecond(string codec, Type codecType)
    {
        var media = new OfflineMediaFactory().Create(Conf(new AlwaysAvailableTrackConf { Codec = codec }));
        media.Codecs.Should().ContainSingle().Which.Should().BeOfType(codecType);

        var (units, elapsed) = await PlayAsync(media, TimeSpan.FromSeconds(2.3));

        units.Should().HaveCountGreaterThanOrEqualTo(10, "two seconds at 5 fps loop the two-second clip at least once");
        units[0].IsRandomAccess.Should().BeTrue();
        units.Zip(units.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d == 18000);
        units.Select((u, i) => (u, i)).Where(x => x.u.IsRandomAccess).Select(x => x.i % 5).Should().OnlyContain(i => i == 0);
        units.Should().OnlyContain(u => u.Payloads.Length > 0 && u.Payloads.All(p => p.Length > 0));

        // Paced in real time: never ahead of the clock (at most the unit due now).
        units.Count.Should().BeLessThanOrEqualTo((int)(elapsed.TotalSeconds * 5) + 2);
    }

    [Fact]
    public async Task Silence_AacAndG711_FramesOfTheDeclaredLayoutOneAfterAnother()
    {
        var media = new OfflineMediaFactory().Create(Conf(
            new AlwaysAvailableTrackConf { Codec = "MPEG4Audio", SampleRate = 48000, ChannelCount = 1 },
            new AlwaysAvailableTrackConf { Codec = "G711", SampleRate = 8000, ChannelCount = 1, MuLaw = true },
            new AlwaysAvailableTrackConf { Codec = "LPCM", SampleRate = 16000, ChannelCount = 2 },
            new AlwaysAvailableTrackConf { Codec = "Opus", ChannelCount = 2 }));

        media.Codecs[0].Should().Be(new Mpeg4AudioCodec(media.Codecs[0].As<Mpeg4AudioCodec>().Config, 48000, 1));
        var (units, _) = await PlayAsync(media, TimeSpan.FromSeconds(0.5));

        var aac = units.Where(u => u.Track.Id == 0).ToList();
        aac.Should().HaveCountGreaterThan(5);
        aac.Zip(aac.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d == 1024);
        aac[0].Payloads[0].ToArray().Should().Equal(0x01, 0x18, 0x20, 0x07);
        var g711 = units.Where(u => u.Track.Id == 1).ToList();
        g711.Zip(g711.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d == 160);
        g711[0].Payloads[0].ToArray().Should().HaveCount(160).And.OnlyContain(b => b == 0xFF);
        units.First(u => u.Track.Id == 2).Payloads[0].ToArray().Should().HaveCount(16000 / 50 * 2 * 2).And.OnlyContain(b => b == 0);
        units.First(u => u.Track.Id == 3).Payloads[0].ToArray().Should().Equal(0xFC, 0xFF, 0xFE);
    }

    [Fact]
    public void File_Missing_IOExceptionForTheLog()
    {
        var factory = new OfflineMediaFactory();
        var act = () => factory.Create(new PathConf { Name = "cam", AlwaysAvailable = true, AlwaysAvailableFile = "/nonexistent/offline.mp4" });
        act.Should().Throw<IOException>();
    }

    [Fact]
    public void File_NotAnMp4_InvalidDataNamingTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [0, 0, 0, 16, (byte)'j', (byte)'u', (byte)'n', (byte)'k', 1, 2, 3, 4, 5, 6, 7, 8]);
            var act = () => new OfflineMediaFactory().Create(new PathConf { Name = "cam", AlwaysAvailable = true, AlwaysAvailableFile = file });
            act.Should().Throw<InvalidDataException>().WithMessage($"{file} is not a usable MP4 file*");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [RequiresFfmpegFact]
    public async Task File_ProgressiveAndFragmented_AllTracksLoopedInSync()
    {
        var dir = Directory.CreateTempSubdirectory("offline-file").FullName;
        try
        {
            foreach (var flags in new[] { "+faststart", "frag_keyframe+empty_moov" })
            {
                var file = Path.Combine(dir, flags[0] == '+' ? "progressive.mp4" : "fragmented.mp4");
                await MakeClipAsync(file, flags);
                var media = new OfflineMediaFactory().Create(new PathConf { Name = "cam", AlwaysAvailable = true, AlwaysAvailableFile = file });
                media.Codecs.Select(c => c.Name).Should().Equal(["H264", "MPEG-4 Audio"], flags);

                var (units, _) = await PlayAsync(media, TimeSpan.FromSeconds(1.6));

                var video = units.Where(u => u.IsVideo).ToList();
                video.Should().HaveCountGreaterThan(10, $"{flags}: the file has 10 frames and plays in a loop");
                // 10 fps as the file says (ffmpeg's fragmented files shift the second fragment a little), and a loop lasts
                // as long as the longest track (here the audio, a few AAC frames longer): steps of about 100 ms.
                var steps = video.Zip(video.Skip(1), (a, b) => b.Dts - a.Dts).ToList();
                steps.Should().OnlyContain(d => d > 0 && d < 9000 + 18000, flags);
                var audio = units.Where(u => !u.IsVideo).ToList();
                audio.Zip(audio.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d > 0, flags);
                ((double)audio[^1].Dts / 44100).Should().BeApproximately((double)video[^1].Dts / 90000, 0.2, $"{flags}: tracks stay in sync");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static async Task MakeClipAsync(string file, string movflags)
    {
        await using var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-bf", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ac", "2", "-movflags", movflags, file,
        ]);
        (await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, ffmpeg.Output);
    }

    private static PathConf Conf(params AlwaysAvailableTrackConf[] tracks) =>
        new() { Name = "cam", AlwaysAvailable = true, AlwaysAvailableTracks = ImmutableArray.Create(tracks) };

    /// <summary>Plays the media into a hub for <paramref name="duration"/>; returns what a reader of the hub got.</summary>
    private static async Task<(List<Unit> Units, TimeSpan Elapsed)> PlayAsync(IOfflineMedia media, TimeSpan duration)
    {
        var clock = new PathClock();
        var hub = MediaStream.CreateHub([.. media.Codecs.Select((c, i) => new Track(i, c))], clock, 4096, NullLogger.Instance);
        var feed = hub.AddFeed([.. media.Codecs.Select((c, i) => new Track(i, c))], [.. Enumerable.Range(0, media.Codecs.Count)], offline: true);
        var queue = hub.Units.Subscribe(hub.ReaderOptions("test"));
        using var cts = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        var run = media.RunAsync(feed, cts.Token);
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
        var elapsed = Stopwatch.GetElapsedTime(started);
        run.IsCanceled.Should().BeTrue(run.Exception?.ToString());
        var units = new List<Unit>();
        while (queue.Reader.TryRead(out var u))
        {
            units.Add(u);
        }

        hub.Close();
        return (units, elapsed);
    }
}
