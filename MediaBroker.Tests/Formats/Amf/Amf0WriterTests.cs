using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Amf;
using Xunit;

namespace MediaBroker.Tests.Formats.Amf;

public sealed class Amf0WriterTests
{
    [Fact]
    public void Encode_EveryType_RoundTrips()
    {
        var date = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
        var nested = new AmfObject().Add("level", "status").Add("code", "NetStream.Publish.Start");
        var ecma = new AmfObject(isEcmaArray: true).Add("width", 160.0).Add("stereo", true);
        var longString = new string('x', 70000);

        var bytes = Amf0Writer.Encode("name", 2.5, 7, true, false, null, AmfUndefined.Value, nested, ecma,
            new object?[] { 1.0, "two", null }, date, longString, "héllo");
        var values = Amf0Reader.ReadAll(bytes);

        values.Should().HaveCount(13);
        values[0].Should().Be("name");
        values[1].Should().Be(2.5);
        values[2].Should().Be(7.0);
        values[3].Should().Be(true);
        values[4].Should().Be(false);
        values[5].Should().BeNull();
        values[6].Should().BeSameAs(AmfUndefined.Value);
        var o = values[7].Should().BeOfType<AmfObject>().Subject;
        o.IsEcmaArray.Should().BeFalse();
        o.Properties.Select(p => p.Key).Should().Equal("level", "code");
        o.GetString("code").Should().Be("NetStream.Publish.Start");
        var e = values[8].Should().BeOfType<AmfObject>().Subject;
        e.IsEcmaArray.Should().BeTrue();
        e.GetNumber("width").Should().Be(160.0);
        e["stereo"].Should().Be(true);
        values[9].Should().BeEquivalentTo(new object?[] { 1.0, "two", null });
        values[10].Should().Be(date);
        values[11].Should().Be(longString);
        values[12].Should().Be("héllo");
    }

    [Fact]
    public void WriteString_Short_UsesStringMarker()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Amf0Writer.WriteString(buffer, "ab");
        buffer.WrittenSpan.ToArray().Should().Equal(0x02, 0x00, 0x02, (byte)'a', (byte)'b');
    }

    [Fact]
    public void WriteObject_RealConnect_ReproducesFfmpegBytes()
    {
        var original = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Amf", "ffmpeg_connect.bin"));
        var values = Amf0Reader.ReadAll(original);

        Amf0Writer.Encode([.. values]).Should().Equal(original);
    }
}
