using FluentAssertions;
using MediaBroker.Formats.Flv;
using Xunit;

namespace MediaBroker.Tests.Formats.Flv;

public sealed class FlvTagParserTests
{
    [Fact]
    public void ParseVideo_LegacyAvc_CompositionTimeSigned()
    {
        var p = FlvTagParser.ParseVideo(new byte[] { 0x27, 1, 0xFF, 0xFF, 0xD8, 0xAA });

        p.Should().Be(p with { Codec = FlvVideoCodec.H264, Kind = FlvPacketKind.CodedFrames, IsKeyFrame = false, CompositionTime = -40 });
        p.Data.ToArray().Should().Equal(0xAA);
    }

    [Fact]
    public void ParseVideo_EnhancedHevcCodedFrames_ReadsCompositionTime()
    {
        byte[] body = [0x91, (byte)'h', (byte)'v', (byte)'c', (byte)'1', 0, 0, 80, 0xBB];
        var p = FlvTagParser.ParseVideo(body);

        p.Codec.Should().Be(FlvVideoCodec.H265);
        p.Kind.Should().Be(FlvPacketKind.CodedFrames);
        p.IsKeyFrame.Should().BeTrue();
        p.CompositionTime.Should().Be(80);
        p.Data.ToArray().Should().Equal(0xBB);
    }

    [Fact]
    public void ParseVideo_EnhancedAv1CodedFramesX_NoCompositionTime()
    {
        byte[] body = [0xA3, (byte)'a', (byte)'v', (byte)'0', (byte)'1', 0x12, 0x00];
        var p = FlvTagParser.ParseVideo(body);

        p.Codec.Should().Be(FlvVideoCodec.Av1);
        p.IsKeyFrame.Should().BeFalse();
        p.Data.ToArray().Should().Equal(0x12, 0x00);
    }

    [Fact]
    public void ParseVideo_ModEx_SkippedBeforeFourCc()
    {
        // ModEx (7) with 3 bytes of nanosecond offset, then (modExType 0, packet type 1 = CodedFrames), FourCC vp09.
        byte[] body = [0x97, 2, 0x00, 0x01, 0x02, 0x01, (byte)'v', (byte)'p', (byte)'0', (byte)'9', 0xCC];
        var p = FlvTagParser.ParseVideo(body);

        p.Codec.Should().Be(FlvVideoCodec.Vp9);
        p.Kind.Should().Be(FlvPacketKind.CodedFrames);
        p.Data.ToArray().Should().Equal(0xCC);
    }

    [Fact]
    public void ParseVideo_MultitrackManyTracks_KeepsTrackZero()
    {
        // Multitrack (6): ManyTracks (1) + CodedFramesX (3), FourCC avc1, then track 1 (2 bytes) and track 0 (1 byte).
        byte[] body = [0x96, 0x13, (byte)'a', (byte)'v', (byte)'c', (byte)'1', 1, 0, 0, 2, 0xE1, 0xE2, 0, 0, 0, 1, 0xF1];
        var p = FlvTagParser.ParseVideo(body);

        p.Codec.Should().Be(FlvVideoCodec.H264);
        p.Kind.Should().Be(FlvPacketKind.CodedFrames);
        p.Data.ToArray().Should().Equal(0xF1);
    }

    [Fact]
    public void ParseVideo_LegacyHevcId12_IsH265()
    {
        FlvTagParser.ParseVideo(new byte[] { 0x1C, 0, 0, 0, 0, 1 }).Should().Match<FlvVideoPacket>(p =>
            p.Codec == FlvVideoCodec.H265 && p.Kind == FlvPacketKind.SequenceStart);
    }

    [Fact]
    public void ParseVideo_CommandFrame_Ignored()
    {
        FlvTagParser.ParseVideo(new byte[] { 0x57, 0 }).Kind.Should().Be(FlvPacketKind.Ignored);
    }

    [Fact]
    public void ParseAudio_EnhancedOpusSequenceStart()
    {
        byte[] body = [0x90, (byte)'O', (byte)'p', (byte)'u', (byte)'s', 1, 2];
        var p = FlvTagParser.ParseAudio(body);

        p.Codec.Should().Be(FlvAudioCodec.Opus);
        p.Kind.Should().Be(FlvPacketKind.SequenceStart);
        p.Data.ToArray().Should().Equal(1, 2);
    }

    [Fact]
    public void ParseAudio_LegacyAacRaw()
    {
        var p = FlvTagParser.ParseAudio(new byte[] { 0xAF, 1, 0x21 });

        p.Codec.Should().Be(FlvAudioCodec.Aac);
        p.Kind.Should().Be(FlvPacketKind.CodedFrames);
        p.ChannelCount.Should().Be(2);
    }

    [Fact]
    public void Parse_EveryIncompletePrefix_ThrowsFlvProtocolExceptionOnly()
    {
        byte[][] bodies =
        [
            [0x17, 1, 0, 0, 0, 0xAA],
            [0x91, (byte)'h', (byte)'v', (byte)'c', (byte)'1', 0, 0, 80, 0xBB],
            [0x96, 0x13, (byte)'a', (byte)'v', (byte)'c', (byte)'1', 1, 0, 0, 2, 0xE1, 0xE2, 0, 0, 0, 1, 0xF1],
            [0x97, 2, 0x00, 0x01, 0x02, 0x01, (byte)'v', (byte)'p', (byte)'0', (byte)'9', 0xCC],
            [0x95, 0x00, (byte)'O', (byte)'p', (byte)'u', (byte)'s', 0, 1, 0xAB],
        ];
        foreach (var body in bodies)
        {
            for (var n = 0; n < body.Length; n++)
            {
                try
                {
                    FlvTagParser.ParseVideo(body.AsMemory(0, n));
                    FlvTagParser.ParseAudio(body.AsMemory(0, n));
                }
                catch (FlvProtocolException)
                {
                }
            }
        }
    }

    [Fact]
    public void Parse_RandomBodies_OnlyFlvProtocolExceptionEscapes()
    {
        var random = new Random(99);
        var body = new byte[40];
        for (var i = 0; i < 50000; i++)
        {
            random.NextBytes(body);
            var length = random.Next(0, body.Length);
            try
            {
                FlvTagParser.ParseVideo(body.AsMemory(0, length));
            }
            catch (FlvProtocolException)
            {
            }

            try
            {
                FlvTagParser.ParseAudio(body.AsMemory(0, length));
            }
            catch (FlvProtocolException)
            {
            }
        }
    }
}
