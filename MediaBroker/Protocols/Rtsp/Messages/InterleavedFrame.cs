using System.Buffers;

namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>An RTP/RTCP packet carried on the RTSP connection (RFC 2326 §10.12): <c>$</c>, channel, 16-bit length.</summary>
/// <remarks>The payload is a slice of the connection's buffer: valid only until the reader advances.</remarks>
public readonly record struct InterleavedFrame(byte Channel, ReadOnlySequence<byte> Payload);
