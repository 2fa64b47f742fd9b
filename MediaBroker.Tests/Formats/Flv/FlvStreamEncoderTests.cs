using System.Buffers;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Tests.Servers.Rtmp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Formats.Flv;

public sealed class FlvStreamEncoderTests
{
    [Fact]
    public async Task Write_H264Aac_FfprobeReadsTheFlv()
    {
        var (demuxer, units) = FlvTestFiles.Demux("h264_aac.flv");
        var items = Encode(demuxer.Tracks!, units, out var headers);
        var path = Path.Combine(Path.GetTempPath(), $"mb-flv-{Guid.NewGuid():N}.flv");
        try
        {
            var output = new ArrayBufferWriter<byte>();
            FlvFileFormat.WriteHeader(output, hasAudio: true, hasVideo: true);
            var first = items[0].Timestamp;
            foreach (var item in headers.Concat(items))
            {
                FlvFileFormat.WriteTag(output, item.Type, item.IsHeader ? 0 : item.Timestamp - first, item.Payload.Span);
            }

            await File.WriteAllBytesAsync(path, output.WrittenMemory.ToArray());
            var (exit, stdout, stderr) = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(20), "/usr/bin/ffprobe",
                "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path);

            exit.Should().Be(0, stderr);
            stdout.Should().Contain("h264,160,120,25");
            stdout.Should().Contain("aac,");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_H265_EnhancedRtmpRoundTrip()
    {
        var accessUnits = AnnexB.AccessUnits(FlvTestFiles.Read("h265.hevc"));
        var parameterSets = accessUnits[0].Where(n => ((n[0] >> 1) & 0x3F) is 32 or 33 or 34).ToList();
        var track = new Track(0, new H265Codec(parameterSets[0], parameterSets[1], parameterSets[2]));
        var units = accessUnits.Select((au, i) => new Unit
        {
            Track = track,
            Pts = i * 3600,
            Dts = i * 3600,
            IsRandomAccess = au.Any(n => ((n[0] >> 1) & 0x3F) is >= 16 and <= 23),
            Payloads = [.. au.Select(n => (ReadOnlyMemory<byte>)n)],
        }).ToList();

        var items = Encode([track], units, out var headers);
        headers.Should().HaveCount(2);
        var sequenceStart = headers[1].Payload.ToArray();
        sequenceStart[0].Should().Be(0x90); // ExHeader, key frame, SequenceStart
        System.Text.Encoding.ASCII.GetString(sequenceStart, 1, 4).Should().Be("hvc1");

        var demuxer = new FlvDemuxer();
        var back = new List<Unit>();
        foreach (var item in headers.Skip(1).Concat(items))
        {
            demuxer.Push(item.Type, item.Timestamp, item.Payload, back);
        }

        var codec = demuxer.Tracks!.Single().Codec.Should().BeOfType<H265Codec>().Subject;
        codec.Sps.Should().Equal(parameterSets[1]);
        back.Should().HaveCount(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            back[i].IsRandomAccess.Should().Be(units[i].IsRandomAccess);
            back[i].Payloads.Select(p => p.ToArray()).Should().BeEquivalentTo(units[i].Payloads.Select(p => p.ToArray()), o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void Subscribe_LateReader_GetsHeadersThenGopCache()
    {
        var (demuxer, units) = FlvTestFiles.Demux("h264_aac.flv");
        var stream = new MediaStream(demuxer.Tracks!, new PathClock(), 1024, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(FlvStreamEncoder.Key, s => new FlvStreamEncoder(s));
        foreach (var u in units)
        {
            stream.WriteUnit(u);
        }

        var queue = encoder.Subscribe(stream.ReaderOptions("late"), out var headers);
        headers.Select(h => h.Type).Should().Equal(FlvTagType.Script, FlvTagType.Video, FlvTagType.Audio);
        queue.Reader.TryRead(out var first).Should().BeTrue();
        first!.IsVideo.Should().BeTrue();
        first.IsKeyFrame.Should().BeTrue();
        queue.Count.Should().BeGreaterThan(60);
    }

    [Fact]
    public void GetOrAddEncoder_AfterUnits_PrimedFromGopCacheWithoutDuplicates()
    {
        var (demuxer, units) = FlvTestFiles.Demux("h264_aac.flv");
        var stream = new MediaStream(demuxer.Tracks!, new PathClock(), 1024, NullLogger.Instance);
        var half = units.Count / 2;
        foreach (var u in units.Take(half))
        {
            stream.WriteUnit(u);
        }

        var encoder = stream.GetOrAddEncoder(FlvStreamEncoder.Key, s => new FlvStreamEncoder(s));
        var queue = encoder.Subscribe(stream.ReaderOptions("first"), out _);
        foreach (var u in units.Skip(half))
        {
            stream.WriteUnit(u);
        }

        var items = new List<FlvTagItem>();
        while (queue.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        items[0].IsVideo.Should().BeTrue();
        items[0].IsKeyFrame.Should().BeTrue();
        items.Count(i => i.IsVideo).Should().Be(25, "every video frame of the file, once");
        items.Where(i => i.IsVideo).Select(i => i.Timestamp).Should().OnlyHaveUniqueItems();
    }

    private static List<FlvTagItem> Encode(IReadOnlyList<Track> tracks, List<Unit> units, out FlvTagItem[] headers)
    {
        var stream = new MediaStream(tracks, new PathClock(), 4096, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(FlvStreamEncoder.Key, s => new FlvStreamEncoder(s));
        var queue = encoder.Subscribe(stream.ReaderOptions("test"), out headers);
        foreach (var u in units)
        {
            stream.WriteUnit(u);
        }

        stream.Close();
        var items = new List<FlvTagItem>();
        while (queue.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
