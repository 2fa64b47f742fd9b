using System.Text.Json;
using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Record;
using MediaBroker.Tests.Record;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Mp4ProgressiveWriterTests(RecordingFixture fx) : IClassFixture<RecordingFixture>
{
    [RequiresFfmpegFact]
    public async Task Build_SamplesOfAnFfmpegFragmentedFile_FfmpegDecodesEveryFrame()
    {
        var index = RecordSegmentReader.Read(fx.Sample);
        var tracks = index.Movie.Tracks.Select(t => new Mp4CopyTrack(t, t.Samples)).ToArray();
        var source = await File.ReadAllBytesAsync(fx.Sample);
        var layout = Mp4ProgressiveWriter.Build(tracks);
        var file = Path.Combine(fx.Directory, "progressive.mp4");
        await using (var output = File.Create(file))
        {
            await output.WriteAsync(layout.Header);
            foreach (var (t, s) in layout.Order)
            {
                var sample = tracks[t].Samples[s];
                await output.WriteAsync(source.AsMemory((int)sample.Offset, sample.Size));
            }
        }

        new FileInfo(file).Length.Should().Be(layout.Header.Length + layout.MediaSize);
        var reread = Mp4FileReader.Read(await File.ReadAllBytesAsync(file));
        reread.IsFragmented.Should().BeFalse();
        reread.Tracks.Select(t => t.Samples.Count).Should().Equal(tracks.Select(t => t.Samples.Count));
        await using (var decode = ExternalProcess.Start(RequiresFfmpegFactAttribute.FfmpegPath, ["-v", "error", "-i", file, "-f", "null", "-"]))
        {
            (await decode.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, decode.Output);
            decode.Output.Trim().Should().BeEmpty();
        }

        var probe = JsonDocument.Parse(await RecordingFixture.ProbeAsync(file, "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames"));
        probe.RootElement.GetProperty("streams")[0].GetProperty("nb_read_frames").GetString().Should().Be("75");
    }
}
