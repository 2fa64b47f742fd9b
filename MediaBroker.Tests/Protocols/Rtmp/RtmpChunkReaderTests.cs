using System.Buffers;
using FluentAssertions;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Formats.Flv;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

public sealed class RtmpChunkReaderTests
{
    [Fact]
    public void TryRead_FfmpegPublish_CommandsThenMedia()
    {
        var messages = RtmpCaptures.ReadAll(new RtmpChunkReader(), new ReadOnlySequence<byte>(RtmpCaptures.PublishChunks()), out _);

        var commands = messages.Where(m => m.Type == RtmpMessageType.CommandAmf0).Select(m => RtmpCommand.Parse(m).Name).ToList();
        commands.Should().Equal("connect", "releaseStream", "FCPublish", "createStream", "_checkbw", "publish", "FCUnpublish", "deleteStream");
        messages.Should().Contain(m => m.Type == RtmpMessageType.SetChunkSize);
        messages.Should().Contain(m => m.Type == RtmpMessageType.DataAmf0);
        var video = messages.Where(m => m.Type == RtmpMessageType.Video).ToList();
        video.Should().HaveCount(27);
        video.Select(m => m.Timestamp).Should().BeInAscendingOrder();
        video[2].Timestamp.Should().Be(video[1].Timestamp + 40);
        messages.Count(m => m.Type == RtmpMessageType.Audio).Should().BeGreaterThan(40);
    }

    [Fact]
    public void TryRead_SplitAtOffsets_SameMessages()
    {
        var data = RtmpCaptures.PublishChunks();
        var expected = Summary(RtmpCaptures.ReadAll(new RtmpChunkReader(), new ReadOnlySequence<byte>(data), out _));

        for (var split = 0; split <= data.Length; split += split < 3000 ? 1 : 211)
        {
            Summary(RtmpCaptures.ReadInTwoPieces(data, split)).Should().Equal(expected, $"split at {split}");
        }
    }

    [Fact]
    public void TryRead_OneBytePerSegment_SameMessages()
    {
        var data = RtmpCaptures.PublishChunks();
        var expected = Summary(RtmpCaptures.ReadAll(new RtmpChunkReader(), new ReadOnlySequence<byte>(data), out _));

        var actual = RtmpCaptures.ReadAll(new RtmpChunkReader(), SegmentedSequence.OneBytePerSegment(data), out var consumed);

        Summary(actual).Should().Equal(expected);
        consumed.Should().Be(data.Length);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(63, 128)]
    [InlineData(64, 4096)]
    [InlineData(319, 60000)]
    [InlineData(320, 100)]
    [InlineData(65599, int.MaxValue)]
    public void TryRead_WriterOutput_RoundTrips(int csid, int chunkSize)
    {
        var writer = new RtmpChunkWriter { ChunkSize = chunkSize };
        var output = new ArrayBufferWriter<byte>();
        var payloads = new[] { new byte[300], new byte[1], new byte[5000], Array.Empty<byte>() };
        new Random(csid).NextBytes(payloads[2]);
        uint[] timestamps = [0, 0xFFFFFE, 0xFFFFFF, 0x12345678];
        for (var i = 0; i < payloads.Length; i++)
        {
            writer.WriteMessage(output, csid, timestamps[i], RtmpMessageType.Video, 1, payloads[i]);
        }

        var reader = new RtmpChunkReader();
        reader.SetChunkSize((uint)chunkSize);
        var data = output.WrittenMemory.ToArray();
        var messages = RtmpCaptures.ReadAll(reader, SegmentedSequence.Split(data, data.Length / 3), out var consumed);

        consumed.Should().Be(data.Length);
        messages.Select(m => m.Timestamp).Should().Equal(timestamps);
        for (var i = 0; i < payloads.Length; i++)
        {
            messages[i].ChunkStreamId.Should().Be(csid);
            messages[i].Payload.ToArray().Should().Equal(payloads[i]);
        }
    }

    [Fact]
    public void TryRead_MessagesLargerThanFirstBuffer_EveryByteFromTheChunks()
    {
        // Message arrays are not zeroed and grow past 64 KiB: each must hold exactly the chunks' bytes, also
        // when a large message follows another of different content (a garbage tail would show here).
        var writer = new RtmpChunkWriter { ChunkSize = 4096 };
        var output = new ArrayBufferWriter<byte>();
        var payloads = new[] { new byte[200_000], new byte[65_537], new byte[131_072], new byte[70_000] };
        for (var i = 0; i < payloads.Length; i++)
        {
            new Random(i).NextBytes(payloads[i]);
            writer.WriteMessage(output, 6, (uint)(i * 33), RtmpMessageType.Video, 1, payloads[i]);
        }

        var reader = new RtmpChunkReader();
        reader.SetChunkSize(4096);
        var data = output.WrittenMemory.ToArray();
        var messages = RtmpCaptures.ReadAll(reader, SegmentedSequence.Split(data, 1000), out var consumed);

        consumed.Should().Be(data.Length);
        messages.Should().HaveCount(payloads.Length);
        for (var i = 0; i < payloads.Length; i++)
        {
            messages[i].Payload.Length.Should().Be(payloads[i].Length);
            messages[i].Payload.Span.SequenceEqual(payloads[i]).Should().BeTrue($"message {i}");
        }
    }

    [Fact]
    public void TryRead_HeaderTypes1To3AndInterleaving_InheritFields()
    {
        byte[] data =
        [
            // csid 4, fmt 0: ts 1000, length 3, audio, stream 1
            0x04, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x03, 0x08, 0x01, 0x00, 0x00, 0x00, 0xA1, 0xA2, 0xA3,
            // csid 5, fmt 0: ts 0xFFFFFF (extended 0x01000000), length 6: first chunk of 4 (chunk size 4)
            0x05, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x06, 0x09, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xB1, 0xB2, 0xB3, 0xB4,
            // csid 4, fmt 1: delta 20, length 1, audio
            0x44, 0x00, 0x00, 0x14, 0x00, 0x00, 0x01, 0x08, 0xC1,
            // csid 5, fmt 3 continuation with the extended timestamp repeated
            0xC5, 0x01, 0x00, 0x00, 0x00, 0xB5, 0xB6,
            // csid 4, fmt 2: delta 30
            0x84, 0x00, 0x00, 0x1E, 0xD1,
            // csid 4, fmt 3: new message, same delta 30
            0xC4, 0xE1,
        ];
        var reader = new RtmpChunkReader();
        reader.SetChunkSize(4);
        var messages = RtmpCaptures.ReadAll(reader, new ReadOnlySequence<byte>(data), out var consumed);

        consumed.Should().Be(data.Length);
        messages.Select(m => (m.ChunkStreamId, m.Timestamp, m.Type, m.Payload.Length)).Should().Equal(
            (4, 1000u, RtmpMessageType.Audio, 3),
            (4, 1020u, RtmpMessageType.Audio, 1),
            (5, 0x01000000u, RtmpMessageType.Video, 6),
            (4, 1050u, RtmpMessageType.Audio, 1),
            (4, 1080u, RtmpMessageType.Audio, 1));
    }

    [Fact]
    public void Abort_PartialMessage_Dropped()
    {
        byte[] first = [0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x00, 0x00, 0x00, 0xA1];
        var reader = new RtmpChunkReader();
        reader.SetChunkSize(1);
        RtmpCaptures.ReadAll(reader, new ReadOnlySequence<byte>(first), out _).Should().BeEmpty();

        reader.Abort(4);
        byte[] next = [0x04, 0x00, 0x00, 0x05, 0x00, 0x00, 0x01, 0x08, 0x01, 0x00, 0x00, 0x00, 0xB1];
        var messages = RtmpCaptures.ReadAll(reader, new ReadOnlySequence<byte>(next), out _);
        messages.Should().ContainSingle().Which.Payload.ToArray().Should().Equal(0xB1);
    }

    [Fact]
    public void TryRead_Type1WithoutType0_Throws()
    {
        var act = () => RtmpCaptures.ReadAll(new RtmpChunkReader(), new ReadOnlySequence<byte>([0x44, 0, 0, 0, 0, 0, 1, 8, 0]), out _);
        act.Should().Throw<RtmpProtocolException>();
    }

    [Fact]
    public void SetChunkSize_Invalid_Throws()
    {
        var act = () => new RtmpChunkReader().SetChunkSize(0x80000000);
        act.Should().Throw<RtmpProtocolException>();
    }

    [Fact]
    public void TryRead_RandomBytes_OnlyRtmpProtocolExceptionEscapes()
    {
        var random = new Random(7);
        var data = new byte[512];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(data);
            try
            {
                RtmpCaptures.ReadAll(new RtmpChunkReader(), new ReadOnlySequence<byte>(data), out _);
            }
            catch (RtmpProtocolException)
            {
            }
        }
    }

    private static List<(RtmpMessageType, uint, int, int)> Summary(List<RtmpMessage> messages) =>
        [.. messages.Select(m => (m.Type, m.Timestamp, m.Payload.Length, m.Payload.Length == 0 ? 0 : m.Payload.Span[^1]))];
}
