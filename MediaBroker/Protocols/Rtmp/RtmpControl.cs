using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>Protocol control and user control messages (RTMP specification 1.0 §5.4, §7.1.7), on chunk stream 2, message stream 0.</summary>
public static class RtmpControl
{
    public const int ChunkStreamId = 2;

    public static void WriteSetChunkSize(RtmpChunkWriter writer, IBufferWriter<byte> output, int size) =>
        WriteUInt32(writer, output, RtmpMessageType.SetChunkSize, (uint)size);

    public static void WriteWindowAckSize(RtmpChunkWriter writer, IBufferWriter<byte> output, uint size) =>
        WriteUInt32(writer, output, RtmpMessageType.WindowAckSize, size);

    public static void WriteAcknowledgement(RtmpChunkWriter writer, IBufferWriter<byte> output, uint sequenceNumber) =>
        WriteUInt32(writer, output, RtmpMessageType.Acknowledgement, sequenceNumber);

    /// <summary>Set Peer Bandwidth with limit type 2 (dynamic).</summary>
    public static void WriteSetPeerBandwidth(RtmpChunkWriter writer, IBufferWriter<byte> output, uint size)
    {
        Span<byte> payload = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, size);
        payload[4] = 2;
        writer.WriteMessage(output, ChunkStreamId, 0, RtmpMessageType.SetPeerBandwidth, 0, payload);
    }

    public static void WriteUserControl(RtmpChunkWriter writer, IBufferWriter<byte> output, RtmpUserControlEvent type, uint value)
    {
        Span<byte> payload = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(payload[2..], value);
        writer.WriteMessage(output, ChunkStreamId, 0, RtmpMessageType.UserControl, 0, payload);
    }

    /// <summary>Reads the 32-bit value of Set Chunk Size, Abort, Acknowledgement and Window Ack Size.</summary>
    public static uint ReadUInt32(RtmpMessage message)
    {
        if (message.Payload.Length < 4)
        {
            throw new RtmpProtocolException($"{message.Type} message too short");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(message.Payload.Span);
    }

    /// <summary>Reads a user control event: its type and first 32-bit value (stream id or timestamp).</summary>
    public static (RtmpUserControlEvent Type, uint Value) ReadUserControl(RtmpMessage message)
    {
        var s = message.Payload.Span;
        if (s.Length < 6)
        {
            throw new RtmpProtocolException("user control message too short");
        }

        return ((RtmpUserControlEvent)BinaryPrimitives.ReadUInt16BigEndian(s), BinaryPrimitives.ReadUInt32BigEndian(s[2..]));
    }

    private static void WriteUInt32(RtmpChunkWriter writer, IBufferWriter<byte> output, RtmpMessageType type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        writer.WriteMessage(output, ChunkStreamId, 0, type, 0, payload);
    }
}
