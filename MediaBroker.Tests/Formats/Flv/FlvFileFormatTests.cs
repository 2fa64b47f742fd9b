using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Flv;
using Xunit;

namespace MediaBroker.Tests.Formats.Flv;

public sealed class FlvFileFormatTests
{
    [Fact]
    public void TryReadTag_FfmpegFile_ReadsEveryTag()
    {
        var tags = FlvTestFiles.Tags(new ReadOnlySequence<byte>(FlvTestFiles.Read("h264_aac.flv")));

        tags[0].Type.Should().Be(FlvTagType.Script);
        tags.Count(t => t.Type == FlvTagType.Video).Should().Be(27); // sequence header, 25 frames, end of sequence
        tags.Count(t => t.Type == FlvTagType.Audio).Should().BeGreaterThan(40);
    }

    [Fact]
    public void TryReadTag_SplitAtEveryOffset_SameTags()
    {
        var file = FlvTestFiles.Read("h264_aac.flv");
        var expected = FlvTestFiles.Tags(new ReadOnlySequence<byte>(file)).Select(t => (t.Type, t.Timestamp, t.Body.Length)).ToList();

        for (var split = 1; split < file.Length; split += 7)
        {
            var tags = FlvTestFiles.Tags(SegmentedSequence.Split(file, split));
            tags.Select(t => (t.Type, t.Timestamp, t.Body.Length)).Should().Equal(expected);
        }

        FlvTestFiles.Tags(SegmentedSequence.OneBytePerSegment(file.AsMemory(0, 4000))).Should().NotBeEmpty();
    }

    [Fact]
    public void TryReadTag_EveryIncompletePrefix_ConsumesNothing()
    {
        var file = FlvTestFiles.Read("h264_aac.flv");
        var headerReader = new SequenceReader<byte>(new ReadOnlySequence<byte>(file));
        FlvFileFormat.TryReadHeader(ref headerReader, out _, out _).Should().BeTrue();
        var start = (int)headerReader.Consumed;
        var whole = new SequenceReader<byte>(new ReadOnlySequence<byte>(file.AsMemory(start)));
        FlvFileFormat.TryReadTag(ref whole, out _).Should().BeTrue();
        var length = (int)whole.Consumed;

        for (var n = 0; n < length; n++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(file.AsMemory(start, n)));
            FlvFileFormat.TryReadTag(ref reader, out _).Should().BeFalse();
            reader.Consumed.Should().Be(0);
        }
    }

    [Fact]
    public void TryReadHeader_NotFlv_Throws()
    {
        var act = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[13]));
            FlvFileFormat.TryReadHeader(ref reader, out _, out _);
        };
        act.Should().Throw<FlvProtocolException>();
    }
}
