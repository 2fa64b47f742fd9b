using System.Buffers;
using MediaBroker.Protocols.Rtmp;

namespace MediaBroker.Tests.Protocols.Rtmp;

internal static class RtmpCaptures
{
    public const int HandshakeSize = 1 + (2 * RtmpHandshake.BlockSize);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Rtmp", name));

    /// <summary>The chunk stream of ffmpeg's publish (after C0, C1 and C2).</summary>
    public static byte[] PublishChunks() => Read("ffmpeg_publish_c2s.bin")[HandshakeSize..];

    /// <summary>Reads every complete message, applying Set Chunk Size and Abort as a session would.</summary>
    public static List<RtmpMessage> ReadAll(RtmpChunkReader reader, ReadOnlySequence<byte> data, out long consumed)
    {
        var messages = new List<RtmpMessage>();
        var sr = new SequenceReader<byte>(data);
        while (reader.TryRead(ref sr, out var message))
        {
            messages.Add(message);
            if (message.Type == RtmpMessageType.SetChunkSize)
            {
                reader.SetChunkSize(RtmpControl.ReadUInt32(message));
            }
            else if (message.Type == RtmpMessageType.Abort)
            {
                reader.Abort(RtmpControl.ReadUInt32(message));
            }
        }

        consumed = sr.Consumed;
        return messages;
    }

    /// <summary>Feeds the data in two pieces split at <paramref name="split"/>, as a pipe would deliver it.</summary>
    public static List<RtmpMessage> ReadInTwoPieces(byte[] data, int split)
    {
        var reader = new RtmpChunkReader();
        var messages = ReadAll(reader, new ReadOnlySequence<byte>(data, 0, split), out var consumed);
        messages.AddRange(ReadAll(reader, new ReadOnlySequence<byte>(data, (int)consumed, data.Length - (int)consumed), out var rest));
        if (consumed + rest != data.Length)
        {
            throw new InvalidOperationException($"{data.Length - consumed - rest} bytes left over");
        }

        return messages;
    }
}
