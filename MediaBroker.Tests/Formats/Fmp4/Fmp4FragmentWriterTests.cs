using System.Buffers;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Fmp4FragmentWriterTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Captures => new()
    {
        "h264_aac.mp4", "h265_opus.mp4", "av1_opus.mp4", "vp9_opus.mp4", "mpeg4_mp3.mp4", "mpeg2_ac3.mp4", "mjpeg.mp4",
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Write_RemuxedCapture_FfprobeMatchesSourceAndDecodesCleanly(string name)
    {
        var src = Fmp4TestMedia.Demux(name);
        var output = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var path = Path.Combine(Path.GetTempPath(), $"fmp4-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, output);
        try
        {
            // Codec, size and audio format as ffprobe sees the source; frame counts are every sample we wrote
            // (the source's edit list hides AAC priming from ffprobe, our live-style output has no edit list).
            var expected = await ProbeAsync(Fmp4TestMedia.PathOf(name));
            for (var t = 0; t < expected.Count; t++)
            {
                expected[t]["nb_read_frames"] = src.UnitsByTrack[t].Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var actual = await ProbeAsync(path);
            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());

            var (exit, _, stderr) = await ExternalTool.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"], ToolTimeout);
            exit.Should().Be(0);
            stderr.Should().BeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Write_RemuxedCapture_ReaderSeesSourceSamples(string name)
    {
        var src = Fmp4TestMedia.Demux(name);
        var infos = Fmp4TestMedia.TrackInfos(src);
        var output = Fmp4TestMedia.Remux(src, infos);

        var movie = Mp4FileReader.Read(output);
        movie.IsFragmented.Should().BeTrue();
        movie.Tracks.Should().HaveCount(src.Tracks.Count);
        for (var t = 0; t < movie.Tracks.Count; t++)
        {
            var read = movie.Tracks[t];
            var units = src.UnitsByTrack[t];
            read.Timescale.Should().Be(infos[t].Timescale);
            read.Samples.Should().HaveCount(units.Count);
            for (var i = 0; i < units.Count; i++)
            {
                var s = read.Samples[i];
                var u = units[i];
                s.Dts.Should().Be(Fmp4Time.Rescale(u.Dts, u.Track.ClockRate, infos[t].Timescale), "sample {0} of track {1}", i, t);
                s.Pts.Should().Be(Fmp4Time.Rescale(u.Pts, u.Track.ClockRate, infos[t].Timescale));
                s.IsSync.Should().Be(u.IsKeyFrame);
                var original = src.Movie.Tracks[t].Samples[i];
                output.AsSpan((int)s.Offset, s.Size).SequenceEqual(src.Bytes.AsSpan((int)original.Offset, original.Size))
                    .Should().BeTrue("sample {0} of track {1} keeps its bytes", i, t);
            }
        }
    }

    [Fact]
    public void Write_H264WithBFrames_TrunFieldsAndFlagsAreExact()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var infos = Fmp4TestMedia.TrackInfos(src);
        var output = Fmp4TestMedia.Remux(src, infos);
        var movie = Mp4FileReader.Read(output);

        movie.Fragments.Should().NotBeEmpty();
        var sequence = 0u;
        foreach (var f in movie.Fragments)
        {
            f.TrunVersion.Should().Be(1);
            f.TrunFlags.Should().Be(0xF01u);
            f.TfdtVersion.Should().Be(1);
            f.SequenceNumber.Should().BeGreaterThanOrEqualTo(sequence);
            sequence = f.SequenceNumber;
        }

        var video = movie.Tracks[0];
        var firstFragmentSamples = 0;
        foreach (var f in movie.Fragments.Where(f => f.TrackId == 1))
        {
            f.BaseDecodeTime.Should().Be(video.Samples[firstFragmentSamples].Dts);
            firstFragmentSamples += f.SampleCount;
        }

        video.Samples[0].Flags.Should().Be(0x02000000u);
        video.Samples.Where(s => !s.IsSync).Should().OnlyContain(s => s.Flags == 0x01010000u);
        video.Samples.Count(s => s.IsSync).Should().Be(src.UnitsByTrack[0].Count(u => u.IsRandomAccess));
        video.Samples.Select(s => s.CompositionOffset).Distinct().Should().HaveCountGreaterThan(2, "B-frames reorder");
        video.Samples.Should().OnlyContain(s => s.Duration == 3600, "25 fps at 90 kHz");

        // The first traf's data_offset points just past the moof and the mdat header.
        var moofSize = BoxesOf(output).First(b => b.Type == Mp4BoxTypes.Moof).Size;
        movie.Fragments[0].DataOffset.Should().Be((int)moofSize + 8);
    }

    [Fact]
    public void WriteFinal_ExplicitDurations_LastSampleUsesThem()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var infos = Fmp4TestMedia.TrackInfos(src);
        var movie = Mp4FileReader.Read(Fmp4TestMedia.Remux(src, infos, [1234, 567]));
        movie.Tracks[0].Samples[^1].Duration.Should().Be(1234u);
        movie.Tracks[1].Samples[^1].Duration.Should().Be(567u);

        var defaults = Mp4FileReader.Read(Fmp4TestMedia.Remux(src, infos));
        defaults.Tracks[0].Samples[^1].Duration.Should().Be(3600u, "the previous duration is repeated");
        defaults.Tracks[1].Samples[^1].Duration.Should().Be(1024u);
    }

    [Fact]
    public void Write_Output_BoxSizesAddUpAndMdatMatchesTrun()
    {
        var src = Fmp4TestMedia.Demux("av1_opus.mp4");
        var output = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var boxes = BoxesOf(output);
        boxes.Sum(b => b.Size).Should().Be(output.Length);
        boxes[0].Type.Should().Be(Mp4BoxTypes.Ftyp);
        boxes[1].Type.Should().Be(Mp4BoxTypes.Moov);
        for (var i = 2; i < boxes.Count; i += 2)
        {
            boxes[i].Type.Should().Be(Mp4BoxTypes.Moof);
            boxes[i + 1].Type.Should().Be(Mp4BoxTypes.Mdat);
        }

        var movie = Mp4FileReader.Read(output);
        var sampleBytes = movie.Tracks.SelectMany(t => t.Samples).Sum(s => (long)s.Size);
        boxes.Where(b => b.Type == Mp4BoxTypes.Mdat).Sum(b => b.Size - 8).Should().Be(sampleBytes);
    }

    [Fact]
    public void Write_NothingReady_WritesNothingAndKeepsSequence()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var writer = new Fmp4FragmentWriter(Fmp4TestMedia.TrackInfos(src), firstSequenceNumber: 7);
        var output = new ArrayBufferWriter<byte>();
        writer.Add(0, src.UnitsByTrack[0][0]).Should().BeTrue();
        writer.Write(output).Should().Be(0);
        writer.ReadyCount(0).Should().Be(0);
        writer.PendingDts(0).Should().Be(0);
        writer.NextSequenceNumber.Should().Be(7u);
        writer.Add(0, src.UnitsByTrack[0][1]);
        writer.ReadyCount(0).Should().Be(1);
        writer.ReadyDuration(0).Should().Be(3600);
        writer.Write(output).Should().Be(output.WrittenCount);
        writer.NextSequenceNumber.Should().Be(8u);
        writer.ReadyDuration(0).Should().Be(0);
        writer.PendingDts(0).Should().Be(3600, "the newest sample waits for its successor");
    }

    private static List<(uint Type, long Size)> BoxesOf(byte[] data)
    {
        var list = new List<(uint, long)>();
        foreach (var b in new Mp4BoxEnumerator(data))
        {
            list.Add((b.Type, b.Size));
        }

        return list;
    }

    private static async Task<List<Dictionary<string, string>>> ProbeAsync(string path)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,sample_rate,channels,nb_read_frames", "-of", "json", path], ToolTimeout);
        exit.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var streams = new List<Dictionary<string, string>>();
        foreach (var s in doc.RootElement.GetProperty("streams").EnumerateArray())
        {
            streams.Add(s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()));
        }

        return streams;
    }
}
