using System.Buffers;
using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Formats.Flv;
using Xunit;

namespace MediaBroker.Tests.Formats.Flv;

public sealed class FlvFileWriterTests
{
    [Fact]
    public void HeaderAndTags_ReadBack_WithTypeFlagsSizesAndExtendedTimestamps()
    {
        var output = new ArrayBufferWriter<byte>();
        FlvFileWriter.WriteFileHeader(output, hasVideo: true, hasAudio: false).Should().Be(13);
        FlvFileWriter.WriteTag(output, FlvTagType.Script, 0, [1, 2, 3]).Should().Be(11 + 3 + 4);
        FlvFileWriter.WriteTag(output, FlvTagType.Video, 0x01ABCDEF, [9, 9]);
        FlvFileWriter.WriteTag(output, FlvTagType.Audio, 40, []);

        var file = output.WrittenSpan.ToArray();
        file[4].Should().Be(0x01, "video only");
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(9)).Should().Be(0, "PreviousTagSize0");
        BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(13 + 11 + 3)).Should().Be(14, "each tag is followed by its own size");
        FlvTestFiles.Tags(file).Select(t => (t.Type, t.Timestamp, t.Body.Length)).Should().Equal(
            (FlvTagType.Script, 0u, 3), (FlvTagType.Video, 0x01ABCDEFu, 2), (FlvTagType.Audio, 40u, 0));
    }

    [Fact]
    public void Header_AudioAndVideo_SetsBothFlags()
    {
        var output = new ArrayBufferWriter<byte>();
        FlvFileWriter.WriteFileHeader(output, hasVideo: true, hasAudio: true);
        output.WrittenSpan[..4].ToArray().Should().Equal((byte)'F', (byte)'L', (byte)'V', 1);
        output.WrittenSpan[4].Should().Be(0x05);
    }
}
