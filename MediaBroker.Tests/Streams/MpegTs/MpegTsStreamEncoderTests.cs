using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using MediaBroker.Streams.MpegTs;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static MediaBroker.Tests.Formats.MpegTs.TsTestSupport;

namespace MediaBroker.Tests.Streams.MpegTs;

public sealed class MpegTsStreamEncoderTests
{
    [Fact]
    public void Write_ReaderJoiningMidStream_StartsAtKeyFrameWithTablesAndDemuxesCleanly()
    {
        var source = Demux(Load("h264_aac.ts"));
        var stream = new MediaStream(source.Tracks!, new PathClock(), 4096, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(new MpegTsEncoderKey());
        stream.GetOrAddEncoder(new MpegTsEncoderKey()).Should().BeSameAs(encoder);

        // Join after the first 30 units: the reader must start at a key frame whose chunk opens with PAT/PMT.
        var units = source.Units;
        foreach (var u in units.Take(30))
        {
            stream.WriteUnit(u);
        }

        var early = encoder.Subscribe("early");
        foreach (var u in units.Skip(30))
        {
            stream.WriteUnit(u);
        }

        var late = encoder.Subscribe("late");
        stream.Close();

        foreach (var queue in new[] { early, late })
        {
            var chunks = Drain(queue);
            chunks.Should().NotBeEmpty();
            var firstVideo = chunks.First(c => c.IsVideo);
            firstVideo.IsKeyFrame.Should().BeTrue();
            Pid(chunks[0].Data.Span[..188].ToArray()).Should().Be(0, "a reader's first packet is a PAT");
            var bytes = Concat(chunks.Select(c => c.Data.ToArray()));
            bytes.Length.Should().Be(chunks.Sum(c => c.PacketCount) * 188);

            var r = Demux(bytes);
            r.Tracks.Should().HaveCount(2);
            r.Demuxer.ContinuityErrors.Should().Be(0);
            r.Of(0)[0].IsRandomAccess.Should().BeTrue();
            r.Of(0).Count.Should().BeGreaterThanOrEqualTo(25);
        }
    }

    [Fact]
    public void Messages_Chunk_SlicesInto1316ByteMessages()
    {
        var chunk = new TsChunk(new byte[188 * 16], isVideo: true, isKeyFrame: true);

        var sizes = new List<int>();
        foreach (var m in chunk.Messages())
        {
            sizes.Add(m.Length);
        }

        sizes.Should().Equal(1316, 1316, 376);
    }

    [Fact]
    public void Write_TrackTheMuxerCannotCarry_IsSkipped()
    {
        var tracks = new[] { new Track(0, new MediaBroker.Codecs.Vp8Codec()), new Track(1, new MediaBroker.Codecs.Ac3Codec(48000, 2)) };
        var stream = new MediaStream(tracks, new PathClock(), 64, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(new MpegTsEncoderKey());
        var queue = encoder.Subscribe("r");

        stream.WriteUnit(new Unit { Track = tracks[0], IsRandomAccess = true, Payloads = [new byte[10]] });
        stream.Close();

        encoder.Tracks.Should().ContainSingle().Which.Should().BeSameAs(tracks[1]);
        Drain(queue).Should().BeEmpty();
    }

    private static List<TsChunk> Drain(ReaderQueue<TsChunk> queue)
    {
        var list = new List<TsChunk>();
        while (queue.Reader.TryRead(out var c))
        {
            list.Add(c);
        }

        return list;
    }
}
