using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>The Opus identification header (RFC 7845 §5.1), the Enhanced RTMP Opus sequence start.</summary>
internal static class OpusHeadRecord
{
    public static int ParseChannelCount(ReadOnlySpan<byte> s)
    {
        if (s.Length < 19 || !s[..8].SequenceEqual("OpusHead"u8))
        {
            throw new FlvProtocolException("invalid OpusHead");
        }

        return Math.Max(1, (int)s[9]);
    }

    public static byte[] Build(int channelCount)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channelCount;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 312); // pre-skip: libopus' usual 6.5 ms at 48 kHz
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        return head;
    }
}
