using System.Buffers;
using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Tunnel;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

/// <summary>The frames are RFC 6455 §5.7's examples, byte for byte, plus frames our writer makes.</summary>
public sealed class WebSocketFrameReaderTests
{
    private static readonly byte[] MaskedHello = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
    private static readonly byte[] UnmaskedHello = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
    private static readonly byte[] FragmentedHello = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f];
    private static readonly byte[] MaskedPong = [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
    private static readonly byte[] UnmaskedPing = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];

    [Fact]
    public void TryRead_Rfc6455MaskedText_Unmasked()
    {
        var frames = ReadAll(MaskedHello, expectMasked: true);

        frames.Should().ContainSingle().Which.Should().Be((true, WebSocketOpcode.Text, "Hello"));
    }

    [Fact]
    public void TryRead_Rfc6455UnmaskedFragmentsAndPing_ClientSide()
    {
        var frames = ReadAll([.. FragmentedHello, .. UnmaskedPing, .. UnmaskedHello], expectMasked: false);

        frames.Should().Equal(
            (false, WebSocketOpcode.Text, "Hel"),
            (true, WebSocketOpcode.Continuation, "lo"),
            (true, WebSocketOpcode.Ping, "Hello"),
            (true, WebSocketOpcode.Text, "Hello"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(256)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void WriteHeaderThenTryRead_EveryLengthEncoding_RoundTrips(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var mask = new byte[] { 1, 2, 3, 4 };
        var frame = new byte[WebSocketFrame.MaxHeaderBytes + length];
        var header = WebSocketFrame.WriteHeader(frame, WebSocketOpcode.Binary, length, mask);
        payload.CopyTo(frame, header);
        WebSocketFrame.ApplyMask(frame.AsSpan(header, length), mask, 0);
        frame = frame[..(header + length)];

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
        new WebSocketFrameReader(expectMasked: true).TryRead(ref reader, out var read).Should().BeTrue();

        read.Payload.ToArray().Should().Equal(payload);
        reader.Remaining.Should().Be(0);
        header.Should().Be(length < 126 ? 6 : length <= 65535 ? 8 : 14);
    }

    [Fact]
    public void TryRead_SplitAtEveryOffsetAndEveryPrefix_SameFramesOrNeedMoreData()
    {
        byte[] stream = [.. MaskedHello, .. MaskedPong, .. MaskedHello];
        var whole = ReadAll(stream, expectMasked: true);
        for (var split = 1; split < stream.Length; split++)
        {
            ReadAll(Segments.Of(stream[..split], stream[split..]), expectMasked: true).Should().Equal(whole);
        }

        ReadAll(Segments.OneBytePerSegment(stream), expectMasked: true).Should().Equal(whole);
        for (var n = 0; n < MaskedHello.Length; n++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(MaskedHello, 0, n));
            new WebSocketFrameReader(expectMasked: true).TryRead(ref reader, out _).Should().BeFalse();
            reader.Consumed.Should().Be(0);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f }, "unmasked")]
    [InlineData(new byte[] { 0xC2, 0x80, 1, 2, 3, 4 }, "reserved bits")]
    [InlineData(new byte[] { 0x83, 0x80, 1, 2, 3, 4 }, "unknown opcode")]
    [InlineData(new byte[] { 0x09, 0x80, 1, 2, 3, 4 }, "control frame")]
    [InlineData(new byte[] { 0x82, 0xFF, 0, 0, 0, 0, 0x10, 0, 0, 0, 1, 2, 3, 4 }, "larger than")]
    public void TryRead_MalformedClientFrame_Throws(byte[] frame, string reason)
    {
        var read = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
            return new WebSocketFrameReader(expectMasked: true).TryRead(ref reader, out _);
        };

        read.Should().Throw<RtspTunnelException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void AcceptKey_Rfc6455Example()
    {
        WebSocketHandshake.AcceptKey("dGhlIHNhbXBsZSBub25jZQ==").Should().Be("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    private static List<(bool Fin, WebSocketOpcode Opcode, string Text)> ReadAll(byte[] bytes, bool expectMasked) =>
        ReadAll(new ReadOnlySequence<byte>(bytes), expectMasked);

    private static List<(bool Fin, WebSocketOpcode Opcode, string Text)> ReadAll(ReadOnlySequence<byte> bytes, bool expectMasked)
    {
        var frames = new WebSocketFrameReader(expectMasked);
        var reader = new SequenceReader<byte>(bytes);
        var list = new List<(bool, WebSocketOpcode, string)>();
        while (frames.TryRead(ref reader, out var frame))
        {
            list.Add((frame.Fin, frame.Opcode, Encoding.ASCII.GetString(frame.Payload.ToArray())));
        }

        return list;
    }
}
