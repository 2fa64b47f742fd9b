using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;

namespace MediaBroker.Tests.Formats.Flv;

/// <summary>
/// FLV files (FLV specification E.2-E.4: 9-byte header, then PreviousTagSize/tag pairs) for tests: reading the
/// ffmpeg-made files in TestData/Flv and writing files for ffprobe. The broker itself never reads or writes FLV
/// files, only the tag bodies RTMP carries, so this lives here.
/// </summary>
internal static class FlvTestFiles
{
    private const int HeaderSize = 9;
    private const int TagHeaderSize = 11;

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Flv", name));

    /// <summary>The tags of a whole file.</summary>
    public static List<(FlvTagType Type, uint Timestamp, byte[] Body)> Tags(byte[] file)
    {
        if (file.Length < HeaderSize + 4 || file[0] != 'F' || file[1] != 'L' || file[2] != 'V')
        {
            throw new InvalidDataException("not an FLV file");
        }

        var tags = new List<(FlvTagType, uint, byte[])>();
        var pos = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(5)) + 4;
        while (file.Length - pos >= TagHeaderSize)
        {
            var h = file.AsSpan(pos, TagHeaderSize);
            var size = (h[1] << 16) | (h[2] << 8) | h[3];
            var timestamp = (uint)((h[7] << 24) | (h[4] << 16) | (h[5] << 8) | h[6]); // TimestampExtended is the high byte
            if (file.Length - pos < TagHeaderSize + size + 4)
            {
                break;
            }

            tags.Add(((FlvTagType)(h[0] & 0x1F), timestamp, file.AsSpan(pos + TagHeaderSize, size).ToArray()));
            pos += TagHeaderSize + size + 4;
        }

        return tags;
    }

    public static (FlvDemuxer Demuxer, List<Unit> Units) Demux(string name)
    {
        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        foreach (var (type, timestamp, body) in Tags(Read(name)))
        {
            if (type == FlvTagType.Script)
            {
                var values = MediaBroker.Formats.Amf.Amf0Reader.ReadAll(body);
                if (values is ["onMetaData", MediaBroker.Formats.Amf.AmfObject meta, ..])
                {
                    demuxer.SetMetadata(meta);
                }

                continue;
            }

            demuxer.Push(type, timestamp, body, units);
        }

        return (demuxer, units);
    }

    public static void WriteHeader(IBufferWriter<byte> output, bool hasAudio, bool hasVideo)
    {
        var span = output.GetSpan(HeaderSize + 4);
        "FLV"u8.CopyTo(span);
        span[3] = 1;
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0);
        output.Advance(HeaderSize + 4);
    }

    public static void WriteTag(IBufferWriter<byte> output, FlvTagType type, uint timestamp, ReadOnlySpan<byte> body)
    {
        var total = TagHeaderSize + body.Length + 4;
        var span = output.GetSpan(total);
        span[0] = (byte)type;
        span[1] = (byte)(body.Length >> 16);
        span[2] = (byte)(body.Length >> 8);
        span[3] = (byte)body.Length;
        span[4] = (byte)(timestamp >> 16);
        span[5] = (byte)(timestamp >> 8);
        span[6] = (byte)timestamp;
        span[7] = (byte)(timestamp >> 24);
        span[8] = span[9] = span[10] = 0;
        body.CopyTo(span[TagHeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(TagHeaderSize + body.Length)..], (uint)(TagHeaderSize + body.Length));
        output.Advance(total);
    }
}
