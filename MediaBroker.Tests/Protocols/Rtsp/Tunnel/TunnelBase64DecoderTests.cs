using System.Buffers;
using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Tunnel;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

public sealed class TunnelBase64DecoderTests
{
    /// <summary>
    /// A publisher's real bytes (ffmpeg's requests and interleaved RTP) cut into chunks of uneven sizes, each encoded on
    /// its own as tunnelling clients do: padding then appears inside the body, not only at its end.
    /// </summary>
    private static (byte[] Original, byte[] Body) ChunkedCapture()
    {
        var original = HttpTunnelRequestTests.Capture("ffmpeg-publish-tcp.bin").AsSpan(0, 4000).ToArray();
        var body = new StringBuilder();
        var sizes = new[] { 1, 2, 3, 4, 5, 100, 1000, 7 };
        for (int offset = 0, i = 0; offset < original.Length; i++)
        {
            var n = Math.Min(sizes[i % sizes.Length], original.Length - offset);
            body.Append(Convert.ToBase64String(original, offset, n));
            offset += n;
        }

        return (original, Encoding.ASCII.GetBytes(body.ToString()));
    }

    [Fact]
    public void Decode_ConcatenatedPaddedChunks_RestoresBytes()
    {
        var (original, body) = ChunkedCapture();
        var output = new ArrayBufferWriter<byte>();

        new TunnelBase64Decoder().Decode(new ReadOnlySequence<byte>(body), output).Should().Be(original.Length);

        output.WrittenSpan.ToArray().Should().Equal(original);
    }

    [Fact]
    public void Decode_SplitAtEveryOffset_SameBytes()
    {
        var (original, body) = ChunkedCapture();
        body = body[..600];
        var expected = new ArrayBufferWriter<byte>();
        new TunnelBase64Decoder().Decode(new ReadOnlySequence<byte>(body), expected);
        for (var split = 1; split < body.Length; split++)
        {
            // Across two reads (a quantum may be cut) and across segments of one read.
            var decoder = new TunnelBase64Decoder();
            var output = new ArrayBufferWriter<byte>();
            decoder.Decode(new ReadOnlySequence<byte>(body, 0, split), output);
            decoder.Decode(new ReadOnlySequence<byte>(body, split, body.Length - split), output);
            output.WrittenSpan.ToArray().Should().Equal(expected.WrittenSpan.ToArray());

            var segmented = new ArrayBufferWriter<byte>();
            new TunnelBase64Decoder().Decode(Segments.Of(body[..split], body[split..]), segmented);
            segmented.WrittenSpan.ToArray().Should().Equal(expected.WrittenSpan.ToArray());
        }

        var bytewise = new ArrayBufferWriter<byte>();
        new TunnelBase64Decoder().Decode(Segments.OneBytePerSegment(body), bytewise);
        bytewise.WrittenSpan.ToArray().Should().Equal(expected.WrittenSpan.ToArray());
        expected.WrittenSpan.ToArray().Should().Equal(original[..expected.WrittenCount]);
    }

    [Fact]
    public void Decode_LineBreaksBetweenQuanta_Skipped()
    {
        var output = new ArrayBufferWriter<byte>();

        new TunnelBase64Decoder().Decode(new ReadOnlySequence<byte>("T1BU\r\nSU9O\r\nUw==\r\n"u8.ToArray()), output);

        Encoding.ASCII.GetString(output.WrittenSpan).Should().Be("OPTIONS");
    }

    [Theory]
    [InlineData("T1B*")]
    [InlineData("T===")]
    [InlineData("T1=U")]
    [InlineData("T1\r\nBU")]
    [InlineData("\u00e9AAA")]
    public void Decode_BadBase64_Throws(string text)
    {
        var decode = () => new TunnelBase64Decoder().Decode(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), new ArrayBufferWriter<byte>());

        decode.Should().Throw<RtspTunnelException>().WithMessage("bad base64*");
    }

    [Fact]
    public void Decode_RandomBytes_OnlyEverThrowsTunnelException()
    {
        var random = new Random(15);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            try
            {
                new TunnelBase64Decoder().Decode(new ReadOnlySequence<byte>(bytes), new ArrayBufferWriter<byte>());
            }
            catch (RtspTunnelException)
            {
            }
        }
    }
}
