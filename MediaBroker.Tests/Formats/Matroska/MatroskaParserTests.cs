using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Matroska;
using Xunit;

namespace MediaBroker.Tests.Formats.Matroska;

/// <summary>EBML headers, TrackEntry and block parsing, with hand-made bytes following RFC 8794 and RFC 9559.</summary>
public sealed class MatroskaParserTests
{
    // Segment (4-byte ID) with an 8-byte size of 0x0123, then a Cluster of unknown size (0x01FFFFFFFFFFFFFF).
    private static readonly byte[] SegmentHeader = [0x18, 0x53, 0x80, 0x67, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23];
    private static readonly byte[] UnknownCluster = [0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    [Fact]
    public void TryRead_Headers_IdSizeAndLength()
    {
        EbmlHeader.TryRead(SegmentHeader, out var h).Should().Be(OperationStatus.Done);
        h.Should().Be(new EbmlHeader(MatroskaIds.Segment, 0x123, 12));
        EbmlHeader.TryRead(UnknownCluster, out h).Should().Be(OperationStatus.Done);
        h.Id.Should().Be(MatroskaIds.Cluster);
        h.IsUnknownSize.Should().BeTrue();
        EbmlHeader.TryRead([0xA3, 0x85], out h).Should().Be(OperationStatus.Done);
        h.Should().Be(new EbmlHeader(MatroskaIds.SimpleBlock, 5, 2));
    }

    [Fact]
    public void TryRead_EveryIncompletePrefix_NeedsMoreData()
    {
        foreach (var header in new[] { SegmentHeader, UnknownCluster })
        {
            for (var n = 0; n < header.Length; n++)
            {
                EbmlHeader.TryRead(header.AsSpan(0, n), out _).Should().Be(OperationStatus.NeedMoreData, $"{n} bytes");
            }
        }
    }

    [Fact]
    public void TryRead_RandomBytes_OnlyMatroskaProtocolException()
    {
        var random = new Random(17);
        var bytes = new byte[16];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(bytes);
            try
            {
                if (EbmlHeader.TryRead(bytes, out var h) == OperationStatus.Done && !h.IsUnknownSize && h.Size <= bytes.Length - h.HeaderLength)
                {
                    foreach (var _ in new EbmlElements(bytes.AsSpan(h.HeaderLength, (int)h.Size)))
                    {
                    }

                    MatroskaBlock.Read(bytes, simple: true);
                }
            }
            catch (MatroskaProtocolException)
            {
            }
        }
    }

    [Fact]
    public void ReadTracks_VideoAndAudioEntries_Described()
    {
        byte[] avcc = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 2, 0x67, 0x64, 1, 0, 2, 0x68, 0xEE];
        byte[] video =
        [
            0xD7, 0x81, 0x01, // TrackNumber 1
            0x83, 0x81, 0x01, // TrackType video
            0x86, 0x8F, .. "V_MPEG4/ISO/AVC"u8,
            0x63, 0xA2, (byte)(0x80 | avcc.Length), .. avcc,
            0xE0, 0x88, 0xB0, 0x82, 0x01, 0x40, 0xBA, 0x82, 0x00, 0xF0, // Video: 320 x 240
        ];
        byte[] audio =
        [
            0xD7, 0x81, 0x02,
            0x83, 0x81, 0x02,
            0x86, 0x85, .. "A_AAC"u8,
            0x63, 0xA2, 0x82, 0x12, 0x10,
            0xE1, 0x89, 0xB5, 0x84, 0x47, 0x2C, 0x44, 0x00, 0x9F, 0x81, 0x02, // Audio: 44100.0 (float), 2 channels
        ];
        byte[] tracks = [0xAE, (byte)(0x80 | video.Length), .. video, 0xAE, (byte)(0x80 | audio.Length), .. audio];

        var read = MatroskaTrack.ReadTracks(tracks);

        read.Should().HaveCount(2);
        read[0].Should().BeEquivalentTo(new { Number = 1, Type = 1, CodecId = "V_MPEG4/ISO/AVC", Width = 320, Height = 240 });
        read[1].Should().BeEquivalentTo(new { Number = 2, Type = 2, CodecId = "A_AAC", SampleRate = 44100, Channels = 2 });
        MatroskaCodecs.TryGetCodec(read[0])!.Name.Should().Be("H264");
        MatroskaCodecs.TryGetCodec(read[1])!.Name.Should().Be("MPEG-4 Audio");
        MatroskaCodecs.TryGetCodec(read[1] with { CodecId = "A_VORBIS" }).Should().BeNull();
    }

    [Fact]
    public void ReadTracks_CompressedTrack_Refused()
    {
        byte[] entry = [0xD7, 0x81, 0x01, 0x6D, 0x80, 0x80];
        var read = () => MatroskaTrack.ReadTracks([0xAE, (byte)(0x80 | entry.Length), .. entry]);
        read.Should().Throw<MatroskaProtocolException>().WithMessage("*ContentEncodings*");
    }

    [Fact]
    public void Read_Blocks_TrackTimeKeyAndLacedFrames()
    {
        // Track 1, time +40, key frame, no lacing.
        var plain = MatroskaBlock.Read(new byte[] { 0x81, 0x00, 0x28, 0x80, 1, 2, 3 }, simple: true);
        plain.Should().BeEquivalentTo(new { TrackNumber = 1, RelativeTime = (short)40, IsKeyFrame = true });
        plain.Frames.Select(f => f.ToArray()).Should().BeEquivalentTo(new[] { new byte[] { 1, 2, 3 } });

        // Track 2, time -1, Xiph lacing of 3 frames: sizes 2, 1, and the rest (3).
        var xiph = MatroskaBlock.Read(new byte[] { 0x82, 0xFF, 0xFF, 0x02, 0x02, 0x02, 0x01, 10, 11, 20, 30, 31, 32 }, simple: true);
        xiph.RelativeTime.Should().Be(-1);
        xiph.IsKeyFrame.Should().BeFalse();
        xiph.Frames.Select(f => f.ToArray()).Should().BeEquivalentTo(new[] { new byte[] { 10, 11 }, [20], [30, 31, 32] }, o => o.WithStrictOrdering());

        // Fixed lacing: 2 frames of 2 bytes.
        var fixedLaced = MatroskaBlock.Read(new byte[] { 0x81, 0, 0, 0x04, 0x01, 1, 2, 3, 4 }, simple: true);
        fixedLaced.Frames.Select(f => f.ToArray()).Should().BeEquivalentTo(new[] { new byte[] { 1, 2 }, [3, 4] }, o => o.WithStrictOrdering());

        // EBML lacing: 3 frames, first size 2 (0x82), second differs by +1 (signed 1-byte: 0x80 | (63 + 1)), rest 1.
        var ebml = MatroskaBlock.Read(new byte[] { 0x81, 0, 0, 0x06, 0x02, 0x82, 0xC0, 1, 2, 3, 4, 5, 6 }, simple: true);
        ebml.Frames.Select(f => f.Length).Should().Equal(2, 3, 1);
    }

    [Fact]
    public void Read_LacingLargerThanBlock_Throws()
    {
        var read = () => MatroskaBlock.Read(new byte[] { 0x81, 0, 0, 0x02, 0x01, 0xFF, 0x10, 1, 2 }, simple: true);
        read.Should().Throw<MatroskaProtocolException>();
    }
}
