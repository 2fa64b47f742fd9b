using System.Buffers;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Tests.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Ice;

public sealed class IceTcpFramingTests
{
    [Fact]
    public void TryReadFrame_WholeFrame_ReturnsItsPayloadLength()
    {
        var stream = Frame(StunVectors.Request);

        IceTcpFraming.TryReadFrame(stream, 2048, out var length).Should().Be(OperationStatus.Done);

        length.Should().Be(StunVectors.Request.Length);
        stream.AsSpan(IceTcpFraming.PrefixLength, length).ToArray().Should().Equal(StunVectors.Request);
    }

    [Fact]
    public void TryReadFrame_EveryIncompletePrefix_NeedsMoreData()
    {
        var stream = Frame(StunVectors.Request);
        for (int n = 0; n < stream.Length; n++)
        {
            IceTcpFraming.TryReadFrame(stream.AsSpan(0, n), 2048, out _).Should().Be(OperationStatus.NeedMoreData, $"prefix of {n}");
        }
    }

    [Fact]
    public void TryReadFrame_LengthAboveTheMaximum_IsInvalidData()
    {
        var stream = Frame(new byte[100]);

        IceTcpFraming.TryReadFrame(stream.AsSpan(0, 2), 99, out _).Should().Be(OperationStatus.InvalidData);
        IceTcpFraming.TryReadFrame(stream, 100, out _).Should().Be(OperationStatus.Done);
    }

    [Fact]
    public void FrameReader_TwoFramesSplitAtEveryOffset_ReturnsBothFrames()
    {
        var stream = Frame(StunVectors.Request).Concat(Frame(StunVectors.Ipv4Response)).ToArray();

        for (int split = 0; split <= stream.Length; split++)
        {
            var frames = ReadAll(new IceTcpFrameReader(2048), [stream[..split], stream[split..]]);

            frames.Should().HaveCount(2, $"split at {split}");
            frames[0].Should().Equal(StunVectors.Request);
            frames[1].Should().Equal(StunVectors.Ipv4Response);
        }
    }

    [Fact]
    public void FrameReader_OneBytePerReceive_ReusesItsBufferAndReturnsEveryFrame()
    {
        // More bytes in total than the reader's buffer holds: it has to move leftovers to the front.
        var frame = Frame(StunVectors.Request);
        var stream = Enumerable.Repeat(frame, 10).SelectMany(f => f).ToArray();
        var reader = new IceTcpFrameReader(StunVectors.Request.Length, readAhead: 1);

        var frames = ReadAll(reader, stream.Select(b => new[] { b }));

        frames.Should().HaveCount(10).And.OnlyContain(f => f.SequenceEqual(StunVectors.Request));
    }

    [Fact]
    public void FrameReader_OversizedFrame_IsInvalidData()
    {
        var reader = new IceTcpFrameReader(16);
        var stream = Frame(new byte[17]);
        stream.CopyTo(reader.GetFreeSpace());
        reader.Advance(stream.Length);

        reader.TryRead(out _).Should().Be(OperationStatus.InvalidData);
    }

    private static List<byte[]> ReadAll(IceTcpFrameReader reader, IEnumerable<byte[]> receives)
    {
        var frames = new List<byte[]>();
        foreach (var chunk in receives)
        {
            chunk.CopyTo(reader.GetFreeSpace());
            reader.Advance(chunk.Length);
            while (reader.TryRead(out var payload) == OperationStatus.Done)
            {
                frames.Add(payload.ToArray());
            }
        }

        return frames;
    }

    private static byte[] Frame(byte[] payload)
    {
        var framed = new byte[payload.Length + IceTcpFraming.PrefixLength];
        IceTcpFraming.WriteFrame(framed, payload).Should().Be(framed.Length);
        return framed;
    }
}
