using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// Decodes FLV audio and video tag bodies (= RTMP audio/video message payloads): legacy FLV (FLV specification
/// v10.1, E.4.2/E.4.3) and Enhanced RTMP v1/v2 (ExHeader, FourCC, ModEx, Multitrack). The body is a whole
/// message, so a short body is malformed and throws <see cref="FlvProtocolException"/>.
/// </summary>
public static class FlvTagParser
{
    private const int LegacyAvc = 7;
    private const int LegacyHevc = 12; // not in Adobe's spec, but sent by widespread pre-E-RTMP encoders and servers
    private const int CommandFrame = 5;
    private const int MultitrackOneTrack = 0;
    private const int MultitrackManyCodecs = 2;

    public static FlvVideoPacket ParseVideo(ReadOnlyMemory<byte> body)
    {
        var s = body.Span;
        Need(s, 1);
        var b0 = s[0];
        if ((b0 & 0x80) == 0)
        {
            return ParseLegacyVideo(body, b0);
        }

        // Enhanced RTMP: IsExHeader | FrameType(3) | PacketType(4), optional ModEx, then FourCC or Multitrack.
        var frameType = (b0 >> 4) & 0x07;
        var packetType = b0 & 0x0F;
        var pos = 1;
        packetType = SkipModEx(s, ref pos, packetType);
        uint fourCc;
        int end = s.Length;
        if (packetType == 6)
        {
            if (!SelectTrackZero(s, ref pos, ref end, out packetType, out fourCc))
            {
                return new(FlvVideoCodec.Unsupported, FlvPacketKind.Ignored, false, 0, default, fourCc, true);
            }
        }
        else
        {
            Need(s, pos + 4);
            fourCc = BinaryPrimitives.ReadUInt32BigEndian(s[pos..]);
            pos += 4;
        }

        var codec = fourCc switch
        {
            FlvFourCc.Avc => FlvVideoCodec.H264,
            FlvFourCc.Hevc => FlvVideoCodec.H265,
            FlvFourCc.Av1 => FlvVideoCodec.Av1,
            FlvFourCc.Vp9 => FlvVideoCodec.Vp9,
            _ => FlvVideoCodec.Unsupported,
        };
        var isKey = frameType == 1;
        if (frameType == CommandFrame && packetType != 4)
        {
            return new(codec, FlvPacketKind.Ignored, false, 0, default, fourCc, true);
        }

        var cts = 0;
        FlvPacketKind kind;
        switch (packetType)
        {
            case 0:
                kind = FlvPacketKind.SequenceStart;
                break;
            case 1:
                kind = FlvPacketKind.CodedFrames;
                if (codec is FlvVideoCodec.H264 or FlvVideoCodec.H265)
                {
                    Need(s[..end], pos + 3);
                    cts = ReadInt24(s[pos..]);
                    pos += 3;
                }

                break;
            case 3:
                kind = FlvPacketKind.CodedFrames;
                break;
            case 2:
                kind = FlvPacketKind.SequenceEnd;
                break;
            default:
                kind = FlvPacketKind.Ignored;
                break;
        }

        return new(codec, kind, isKey, cts, body[pos..end], fourCc, true);
    }

    public static FlvAudioPacket ParseAudio(ReadOnlyMemory<byte> body)
    {
        var s = body.Span;
        Need(s, 1);
        var format = s[0] >> 4;
        if (format != 9)
        {
            var channels = (s[0] & 1) + 1;
            switch (format)
            {
                case 10:
                    Need(s, 2);
                    var kind = s[1] switch
                    {
                        0 => FlvPacketKind.SequenceStart,
                        1 => FlvPacketKind.CodedFrames,
                        _ => FlvPacketKind.Ignored,
                    };
                    return new(FlvAudioCodec.Aac, kind, body[2..], (uint)format, channels, false);
                case 2 or 14:
                    return new(FlvAudioCodec.Mp3, FlvPacketKind.CodedFrames, body[1..], (uint)format, channels, false);
                case 7:
                    return new(FlvAudioCodec.G711ALaw, FlvPacketKind.CodedFrames, body[1..], (uint)format, channels, false);
                case 8:
                    return new(FlvAudioCodec.G711MuLaw, FlvPacketKind.CodedFrames, body[1..], (uint)format, channels, false);
                default:
                    return new(FlvAudioCodec.Unsupported, FlvPacketKind.CodedFrames, body[1..], (uint)format, channels, false);
            }
        }

        // Enhanced RTMP audio: SoundFormat 9 (ExHeader) | AudioPacketType(4).
        var packetType = s[0] & 0x0F;
        var pos = 1;
        packetType = SkipModEx(s, ref pos, packetType);
        uint fourCc;
        int end = s.Length;
        if (packetType == 5)
        {
            if (!SelectTrackZero(s, ref pos, ref end, out packetType, out fourCc))
            {
                return new(FlvAudioCodec.Unsupported, FlvPacketKind.Ignored, default, fourCc, 0, true);
            }
        }
        else
        {
            Need(s, pos + 4);
            fourCc = BinaryPrimitives.ReadUInt32BigEndian(s[pos..]);
            pos += 4;
        }

        var codec = fourCc switch
        {
            FlvFourCc.Aac => FlvAudioCodec.Aac,
            FlvFourCc.Mp3 => FlvAudioCodec.Mp3,
            FlvFourCc.Opus => FlvAudioCodec.Opus,
            FlvFourCc.Ac3 => FlvAudioCodec.Ac3,
            _ => FlvAudioCodec.Unsupported,
        };
        var packetKind = packetType switch
        {
            0 => FlvPacketKind.SequenceStart,
            1 => FlvPacketKind.CodedFrames,
            2 => FlvPacketKind.SequenceEnd,
            _ => FlvPacketKind.Ignored,
        };
        return new(codec, packetKind, body[pos..end], fourCc, 0, true);
    }

    private static FlvVideoPacket ParseLegacyVideo(ReadOnlyMemory<byte> body, byte b0)
    {
        var s = body.Span;
        var frameType = b0 >> 4;
        var codecId = b0 & 0x0F;
        if (codecId is not (LegacyAvc or LegacyHevc))
        {
            return new(FlvVideoCodec.Unsupported, FlvPacketKind.CodedFrames, frameType == 1, 0, body[1..], (uint)codecId, false);
        }

        var codec = codecId == LegacyAvc ? FlvVideoCodec.H264 : FlvVideoCodec.H265;
        if (frameType == CommandFrame)
        {
            return new(codec, FlvPacketKind.Ignored, false, 0, default, (uint)codecId, false);
        }

        // AVCVIDEOPACKET (E.4.3.1): AVCPacketType, CompositionTime SI24, then data.
        Need(s, 5);
        var kind = s[1] switch
        {
            0 => FlvPacketKind.SequenceStart,
            1 => FlvPacketKind.CodedFrames,
            2 => FlvPacketKind.SequenceEnd,
            _ => FlvPacketKind.Ignored,
        };
        return new(codec, kind, frameType == 1, ReadInt24(s[2..]), body[5..], (uint)codecId, false);
    }

    /// <summary>
    /// E-RTMP v2 ModEx: while the packet type is ModEx (7), skip a sized modifier blob and read
    /// (modExType, packetType). The only defined modifier (nanosecond timestamp offset) is ignored.
    /// </summary>
    private static int SkipModEx(ReadOnlySpan<byte> s, ref int pos, int packetType)
    {
        while (packetType == 7)
        {
            Need(s, pos + 1);
            var size = s[pos++] + 1;
            if (size == 256)
            {
                Need(s, pos + 2);
                size = BinaryPrimitives.ReadUInt16BigEndian(s[pos..]) + 1;
                pos += 2;
            }

            Need(s, pos + size + 1);
            pos += size;
            packetType = s[pos++] & 0x0F;
        }

        return packetType;
    }

    /// <summary>
    /// E-RTMP v2 Multitrack: keeps only track 0 (the default track), narrowing [pos, end) to its data.
    /// Returns false when the message has no track 0.
    /// </summary>
    private static bool SelectTrackZero(ReadOnlySpan<byte> s, ref int pos, ref int end, out int packetType, out uint fourCc)
    {
        Need(s, pos + 1);
        var multitrackType = s[pos] >> 4;
        packetType = s[pos++] & 0x0F;
        fourCc = 0;
        if (multitrackType != MultitrackManyCodecs)
        {
            Need(s, pos + 4);
            fourCc = BinaryPrimitives.ReadUInt32BigEndian(s[pos..]);
            pos += 4;
        }

        while (pos < s.Length)
        {
            var trackFourCc = fourCc;
            if (multitrackType == MultitrackManyCodecs)
            {
                Need(s, pos + 4);
                trackFourCc = BinaryPrimitives.ReadUInt32BigEndian(s[pos..]);
                pos += 4;
            }

            Need(s, pos + 1);
            var trackId = s[pos++];
            var size = s.Length - pos;
            if (multitrackType != MultitrackOneTrack)
            {
                Need(s, pos + 3);
                size = (s[pos] << 16) | (s[pos + 1] << 8) | s[pos + 2];
                pos += 3;
                Need(s, pos + size);
            }

            if (trackId == 0)
            {
                fourCc = trackFourCc;
                end = pos + size;
                return true;
            }

            pos += size;
        }

        return false;
    }

    private static int ReadInt24(ReadOnlySpan<byte> s) => ((s[0] << 24) | (s[1] << 16) | (s[2] << 8)) >> 8;

    private static void Need(ReadOnlySpan<byte> s, int length)
    {
        if (s.Length < length)
        {
            throw new FlvProtocolException($"FLV tag body truncated: {s.Length} bytes, {length} needed");
        }
    }
}
