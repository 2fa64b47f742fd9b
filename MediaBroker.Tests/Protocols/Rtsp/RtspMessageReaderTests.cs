using System.Buffers;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Messages;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

public sealed class RtspMessageReaderTests
{
    private static byte[] Capture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Rtsp", name));

    public static TheoryData<string> Captures => new() { "ffmpeg-publish-tcp.bin", "ffmpeg-publish-udp.bin", "ffmpeg-read-udp.bin", "gst-read.bin" };

    [Fact]
    public void TryRead_FfmpegTcpPublish_RequestsThenInterleavedRtp()
    {
        var items = ReadAll(new ReadOnlySequence<byte>(Capture("ffmpeg-publish-tcp.bin")), out var rest);

        var methods = items.OfType<RtspMessage>().Select(m => m.Method).ToList();
        methods.Should().StartWith(["OPTIONS", "ANNOUNCE", "SETUP", "RECORD"]);
        var announce = items.OfType<RtspMessage>().First(m => m.Method == "ANNOUNCE");
        announce.Uri.Should().Be("rtsp://127.0.0.1:18554/test/stream?param=value");
        announce.Headers["content-type"].Should().Be("application/sdp");
        System.Text.Encoding.ASCII.GetString(announce.Body.Span).Should().Contain("m=video 0 RTP/AVP 96");
        var setup = items.OfType<RtspMessage>().First(m => m.Method == "SETUP");
        RtspTransport.ParseList(setup.Headers["Transport"]!).Single().Interleaved.Should().Be((0, 1));
        var frames = items.OfType<(byte Channel, int Length)>().ToList();
        frames.Should().NotBeEmpty();
        frames.Should().OnlyContain(f => f.Channel == 0 || f.Channel == 1);
        rest.Should().BeLessThan(65536 + 4, "only a last, cut-off frame may be left");
    }

    [Fact]
    public void TryRead_GStreamerRead_ParsesRepeatedHeadersAndPlay()
    {
        var messages = ReadAll(new ReadOnlySequence<byte>(Capture("gst-read.bin")), out _).OfType<RtspMessage>().ToList();
        messages.Select(m => m.Method).Should().Equal("OPTIONS", "DESCRIBE", "SETUP", "PLAY");
        messages[0].Headers.GetAll("User-Agent").Should().HaveCount(2);
        messages[3].Headers["Range"].Should().Be("npt=0-");
        messages[3].CSeq.Should().Be(4);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void TryRead_SplitAtEveryOffset_SameResult(string name)
    {
        var bytes = Capture(name);
        bytes = bytes.AsSpan(0, Math.Min(bytes.Length, 3000)).ToArray();
        var whole = Describe(ReadAll(new ReadOnlySequence<byte>(bytes), out var wholeRest));
        for (var split = 1; split < bytes.Length; split++)
        {
            var seq = Segments.Of(bytes[..split], bytes[split..]);
            Describe(ReadAll(seq, out var rest)).Should().Equal(whole);
            rest.Should().Be(wholeRest);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void TryRead_OneBytePerSegment_SameResult(string name)
    {
        var bytes = Capture(name);
        var whole = Describe(ReadAll(new ReadOnlySequence<byte>(bytes), out _));
        Describe(ReadAll(Segments.OneBytePerSegment(bytes), out _)).Should().Equal(whole);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void TryRead_EveryIncompletePrefixOfFirstMessage_NeedsMoreDataAndConsumesNothing(string name)
    {
        var bytes = Capture(name);
        var full = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        RtspMessageReader.TryRead(ref full, out _, out _).Should().Be(RtspReadKind.Message);
        var firstLength = (int)full.Consumed;
        for (var n = 0; n < firstLength; n++)
        {
            var r = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, n));
            RtspMessageReader.TryRead(ref r, out _, out _).Should().Be(RtspReadKind.NeedMoreData);
            r.Consumed.Should().Be(0);
        }
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("OPTIONS * HTTP/1.1\r\nCSeq: 1\r\n\r\n", 400)]
    [InlineData("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n", 505)]
    [InlineData("OPTIONS * RTSP/1.0\r\nnocolon\r\n\r\n", 400)]
    [InlineData("ANNOUNCE * RTSP/1.0\r\nContent-Length: -5\r\n\r\n", 400)]
    public void TryRead_Malformed_ThrowsWithStatus(string text, int status)
    {
        var act = () =>
        {
            var r = new SequenceReader<byte>(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)));
            RtspMessageReader.TryRead(ref r, out _, out _);
        };
        act.Should().Throw<RtspProtocolException>().Which.StatusCode.Should().Be(status);
    }

    [Fact]
    public void TryRead_RandomBytes_OnlyProtocolExceptions()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            if (i % 3 == 0)
            {
                noise[^1] = (byte)'\n';
                noise[0] = (byte)'$';
            }

            // Half the inputs start like a real request, so the header parser sees garbage too.
            var bytes = i % 2 == 0 ? [.. "OPTIONS rtsp://x RTSP/1.0\r\n"u8, .. noise, .. "\r\n\r\n"u8] : noise;

            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            try
            {
                while (true)
                {
                    var before = reader.Consumed;
                    var kind = RtspMessageReader.TryRead(ref reader, out var message, out var frame);
                    if (kind == RtspReadKind.NeedMoreData)
                    {
                        reader.Consumed.Should().Be(before, "need-more-data consumes nothing");
                        break;
                    }

                    reader.Consumed.Should().BeGreaterThan(before, "a message or frame consumes its bytes");
                    if (kind == RtspReadKind.Message)
                    {
                        message.Should().NotBeNull();
                    }
                }
            }
            catch (RtspProtocolException)
            {
                // Expected for garbage: the session closes.
            }

            // A fresh reader (the next connection) still parses a valid request.
            var valid = new SequenceReader<byte>(new ReadOnlySequence<byte>("OPTIONS rtsp://x/cam RTSP/1.0\r\nCSeq: 7\r\n\r\n"u8.ToArray()));
            RtspMessageReader.TryRead(ref valid, out var ok, out _).Should().Be(RtspReadKind.Message);
            ok!.Method.Should().Be("OPTIONS");
            ok.Headers["CSeq"].Should().Be("7");
        }
    }

    [Fact]
    public void Write_Response_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        var response = new RtspMessage { StatusCode = 200, Headers = new RtspHeaders().Add("CSeq", "3").Add("Session", "abc;timeout=60"), Body = "v=0\r\n"u8.ToArray() };
        RtspMessageWriter.Write(writer, response);
        var r = new SequenceReader<byte>(new ReadOnlySequence<byte>(writer.WrittenMemory));
        RtspMessageReader.TryRead(ref r, out var parsed, out _).Should().Be(RtspReadKind.Message);
        parsed!.StatusCode.Should().Be(200);
        parsed.Reason.Should().Be("OK");
        parsed.Headers["Content-Length"].Should().Be("5");
        parsed.Body.ToArray().Should().Equal("v=0\r\n"u8.ToArray());
    }

    private static List<object> ReadAll(ReadOnlySequence<byte> seq, out long rest)
    {
        var items = new List<object>();
        var reader = new SequenceReader<byte>(seq);
        while (true)
        {
            var kind = RtspMessageReader.TryRead(ref reader, out var message, out var frame);
            if (kind == RtspReadKind.NeedMoreData)
            {
                break;
            }

            items.Add(kind == RtspReadKind.Message ? message! : (frame.Channel, (int)frame.Payload.Length));
        }

        rest = reader.Remaining;
        return items;
    }

    private static List<string> Describe(List<object> items) =>
        items.Select(i => i is RtspMessage m ? $"{m} {m.Headers.Count} {m.Body.Length}" : i.ToString()!).ToList();
}
