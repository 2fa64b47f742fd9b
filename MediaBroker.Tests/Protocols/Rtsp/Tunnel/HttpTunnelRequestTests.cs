using System.Buffers;
using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Tunnel;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

public sealed class HttpTunnelRequestTests
{
    internal static byte[] Capture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Rtsp", name));

    [Fact]
    public void TryRead_FfmpegGet_CookieAndAccept()
    {
        var bytes = Capture("ffmpeg-tunnel-get.bin");

        HttpTunnelRequest.TryRead(new ReadOnlySequence<byte>(bytes), out var request, out var consumed).Should().BeTrue();

        request!.Method.Should().Be("GET");
        request.Target.Should().Be("/cam/stream");
        request.Header("X-SessionCookie").Should().Be("579155f10087a342");
        request.HeaderHasToken("Accept", "application/x-rtsp-tunnelled").Should().BeTrue();
        new ReadOnlySequence<byte>(bytes).Slice(consumed).Length.Should().Be(0);
    }

    [Fact]
    public void TryRead_FfmpegPost_HeaderThenBase64Body()
    {
        var bytes = Capture("ffmpeg-tunnel-post.bin");
        var buffer = new ReadOnlySequence<byte>(bytes);

        HttpTunnelRequest.TryRead(buffer, out var request, out var consumed).Should().BeTrue();

        request!.Method.Should().Be("POST");
        request.Header("x-sessioncookie").Should().Be("579155f10087a342");
        request.Header("Content-Length").Should().Be("32767");
        var body = buffer.Slice(consumed);
        var decoded = new ArrayBufferWriter<byte>();
        new TunnelBase64Decoder().Decode(body, decoded);
        Encoding.ASCII.GetString(decoded.WrittenSpan).Should().StartWith("OPTIONS rtsp://127.0.0.1:18999/cam/stream RTSP/1.0\r\nCSeq: 1\r\n").And.EndWith("\r\n\r\n");
    }

    [Theory]
    [InlineData("ffmpeg-tunnel-get.bin")]
    [InlineData("ffmpeg-tunnel-post.bin")]
    public void TryRead_EveryIncompletePrefix_NeedsMoreDataAndConsumesNothing(string name)
    {
        var bytes = Capture(name);
        var end = Encoding.ASCII.GetString(bytes).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        for (var n = 0; n < end; n++)
        {
            var prefix = new ReadOnlySequence<byte>(bytes, 0, n);
            HttpTunnelRequest.TryRead(prefix, out var request, out var consumed).Should().BeFalse($"{n} bytes are not a whole header");
            request.Should().BeNull();
            prefix.GetOffset(consumed).Should().Be(0);
        }
    }

    [Theory]
    [InlineData("ffmpeg-tunnel-get.bin")]
    [InlineData("ffmpeg-tunnel-post.bin")]
    public void TryRead_SplitAtEveryOffsetAndOneBytePerSegment_SameRequest(string name)
    {
        var bytes = Capture(name);
        HttpTunnelRequest.TryRead(new ReadOnlySequence<byte>(bytes), out var whole, out var wholeEnd).Should().BeTrue();
        var wholeOffset = new ReadOnlySequence<byte>(bytes).GetOffset(wholeEnd);
        for (var split = 1; split < bytes.Length; split++)
        {
            var seq = Segments.Of(bytes[..split], bytes[split..]);
            HttpTunnelRequest.TryRead(seq, out var request, out var end).Should().BeTrue();
            request!.Headers.Should().BeEquivalentTo(whole!.Headers);
            seq.GetOffset(end).Should().Be(wholeOffset);
        }

        var bytewise = Segments.OneBytePerSegment(bytes);
        HttpTunnelRequest.TryRead(bytewise, out var single, out _).Should().BeTrue();
        single!.Target.Should().Be(whole!.Target);
    }

    [Fact]
    public void TryRead_OversizedHeader_Throws()
    {
        var bytes = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX-Big: " + new string('a', HttpTunnelRequest.MaxHeaderBytes) + "\r\n");

        var read = () => HttpTunnelRequest.TryRead(new ReadOnlySequence<byte>(bytes), out _, out _);

        read.Should().Throw<RtspTunnelException>().WithMessage("*larger than 8192*");
    }

    [Theory]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET / RTSP/1.0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n")]
    public void TryRead_Malformed_Throws(string text)
    {
        var read = () => HttpTunnelRequest.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), out _, out _);

        read.Should().Throw<RtspTunnelException>();
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1", true)]
    [InlineData("POST /x HTTP/1.1", true)]
    [InlineData("OPTIONS rtsp://h/x RTSP/1.0", false)]
    [InlineData("GET_PARAMETER rtsp://h/x RTSP/1.0", false)]
    [InlineData("$\u0000\u0000\u0004", false)]
    [InlineData("GE", null)]
    [InlineData("POST", null)]
    [InlineData("", null)]
    public void IsHttp_FirstBytes_TellsTunnelFromRtsp(string start, bool? expected)
    {
        HttpTunnelRequest.IsHttp(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(start))).Should().Be(expected);
    }
}
