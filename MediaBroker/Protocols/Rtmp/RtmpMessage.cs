namespace MediaBroker.Protocols.Rtmp;

/// <summary>One reassembled RTMP message. <see cref="Payload"/> is owned by the message (not pooled).</summary>
public readonly record struct RtmpMessage(int ChunkStreamId, uint Timestamp, RtmpMessageType Type, uint StreamId, ReadOnlyMemory<byte> Payload);
