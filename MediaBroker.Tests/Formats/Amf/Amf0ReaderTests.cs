using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Amf;
using Xunit;

namespace MediaBroker.Tests.Formats.Amf;

public sealed class Amf0ReaderTests
{
    private static byte[] Connect => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Amf", "ffmpeg_connect.bin"));

    [Fact]
    public void ReadAll_FfmpegConnect_DecodesCommand()
    {
        var values = Amf0Reader.ReadAll(Connect);

        values.Should().HaveCount(3);
        values[0].Should().Be("connect");
        values[1].Should().Be(1.0);
        var obj = values[2].Should().BeOfType<AmfObject>().Subject;
        obj.GetString("app").Should().Be("live");
        obj.GetString("type").Should().Be("nonprivate");
        obj.GetString("flashVer").Should().Be("FMLE/3.0 (compatible; Lavf59.27.100)");
        obj.GetString("tcUrl").Should().Be("rtmp://127.0.0.1:19351/live");
    }

    [Fact]
    public void TryReadValue_EveryIncompletePrefix_NeedsMoreDataAndConsumesNothing()
    {
        var data = Connect;
        var offset = 0;
        while (offset < data.Length)
        {
            var rest = data.AsSpan(offset);
            Amf0Reader.TryReadValue(rest, out _, out var length).Should().Be(OperationStatus.Done);
            for (var n = 0; n < length; n++)
            {
                Amf0Reader.TryReadValue(rest[..n], out _, out var consumed).Should().Be(OperationStatus.NeedMoreData, $"prefix {n} of value at {offset}");
                consumed.Should().Be(0);
            }

            offset += length;
        }
    }

    [Fact]
    public void ReadAll_Truncated_Throws()
    {
        var act = () => Amf0Reader.ReadAll(Connect.AsSpan(0, 100));
        act.Should().Throw<AmfProtocolException>();
    }

    [Fact]
    public void ReadAll_RandomBytes_OnlyAmfProtocolExceptionEscapes()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        for (var i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(buffer[0] % 0x13);
            try
            {
                Amf0Reader.ReadAll(buffer.AsSpan(0, random.Next(1, buffer.Length)));
            }
            catch (AmfProtocolException)
            {
            }
        }
    }

    [Fact]
    public void ReadAll_DeepNesting_Throws()
    {
        var data = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            data.AddRange([0x0A, 0, 0, 0, 1]);
        }

        data.Add(0x05);
        var act = () => Amf0Reader.ReadAll(data.ToArray());
        act.Should().Throw<AmfProtocolException>().WithMessage("*deep*");
    }

    [Fact]
    public void ReadAll_Amf3Scalars_Decoded()
    {
        // avmplus marker + AMF3 integer 300 (0x82 0x2C), + AMF3 string "ab", + AMF3 true.
        byte[] data = [0x11, 0x04, 0x82, 0x2C, 0x11, 0x06, 0x05, (byte)'a', (byte)'b', 0x11, 0x03];
        Amf0Reader.ReadAll(data).Should().Equal(300.0, "ab", true);
    }

    [Fact]
    public void ReadAll_Amf3Object_Rejected()
    {
        byte[] data = [0x11, 0x0A, 0x0B, 0x01, 0x01];
        var act = () => Amf0Reader.ReadAll(data);
        act.Should().Throw<AmfProtocolException>().WithMessage("*AMF3*");
    }

    [Fact]
    public void ReadAll_UnknownMarker_Throws()
    {
        var act = () => Amf0Reader.ReadAll([0x20]);
        act.Should().Throw<AmfProtocolException>();
    }
}
