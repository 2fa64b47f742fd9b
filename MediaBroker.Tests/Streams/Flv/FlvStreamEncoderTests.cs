using System.Buffers;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using MediaBroker.Streams.Flv;
using MediaBroker.Tests.Protocols.Rtmp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using MediaBroker.Tests.Formats.Flv;

namespace MediaBroker.Tests.Streams.Flv;

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
            FlvTestFiles.WriteHeader(output, hasAudio: true, hasVideo: true);
            var first = items[0].Timestamp;
            foreach (var item in headers.Concat(items))
            {
                FlvTestFiles.WriteTag(output, item.Type, item.IsHeader ? 0 : item.Timestamp - first, item.Payload.Span);
            }

            await File.WriteAllBytesAsync(path, output.WrittenMemory.ToArray());
            var (exit, stdout, stderr) = await ToolProcess.RunAsync(TimeSpan.FromSeconds(20), "/usr/bin/ffprobe",
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
        var encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
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

        var encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
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

    [Fact]
    public void Write_Vp9Av1Opus_EnhancedRoundTrip()
    {
        var vp9 = new Track(0, new Vp9Codec(0));
        var opus = new Track(1, new OpusCodec(2));
        // The sequence header OBU of a libsvtav1 320x240 stream (TestData/Codecs/av1.av1C from offset 4).
        byte[] sequenceHeader = [0x0A, 0x0B, 0x00, 0x00, 0x00, 0x04, 0x3C, 0xFF, 0xBC, 0xFB, 0xF9, 0x00, 0x40];
        var av1 = new Track(0, new Av1Codec(sequenceHeader));
        List<Unit> units =
        [
            new() { Track = vp9, Pts = 0, Dts = 0, IsRandomAccess = true, Payloads = [new byte[] { 0x82, 0x49, 0x83 }] },
            new() { Track = opus, Pts = 0, Dts = 0, IsRandomAccess = true, Payloads = [new byte[] { 0xFC, 0x01 }] },
            new() { Track = vp9, Pts = 3600, Dts = 3600, Payloads = [new byte[] { 0x86, 0x00 }] },
        ];

        var items = Encode([vp9, opus], units, out var headers);
        var demuxer = new FlvDemuxer();
        var back = new List<Unit>();
        foreach (var item in headers.Skip(1).Concat(items))
        {
            demuxer.Push(item.Type, item.Timestamp, item.Payload, back);
        }

        demuxer.Tracks!.Select(t => t.Codec).Should().BeEquivalentTo(new Codec[] { new Vp9Codec(0), new OpusCodec(2) });
        back.Select(u => u.Payloads[0].ToArray()).Should().BeEquivalentTo(units.Select(u => u.Payloads[0].ToArray()), o => o.WithStrictOrdering());

        // AV1: an OBU without obu_size gets one (FLV carries the low-overhead format).
        var frame = new Unit { Track = av1, Pts = 0, Dts = 0, IsRandomAccess = true, Payloads = [new byte[] { 0x30, 0x10, 0x20 }] };
        var av1Items = Encode([av1], [frame], out var av1Headers);
        var av1Back = new List<Unit>();
        var av1Demuxer = new FlvDemuxer();
        foreach (var item in av1Headers.Skip(1).Concat(av1Items))
        {
            av1Demuxer.Push(item.Type, item.Timestamp, item.Payload, av1Back);
        }

        av1Demuxer.Tracks!.Single().Codec.Should().BeOfType<Av1Codec>().Which.SequenceHeader.Should().Equal(sequenceHeader);
        av1Back.Single().Payloads.Single().ToArray().Should().Equal(0x32, 0x02, 0x10, 0x20);
    }

    private static List<FlvTagItem> Encode(IReadOnlyList<Track> tracks, List<Unit> units, out FlvTagItem[] headers)
    {
        var stream = new MediaStream(tracks, new PathClock(), 4096, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
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
