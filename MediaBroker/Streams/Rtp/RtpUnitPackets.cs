using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Formats.Rtp;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// The RTP packets of one unit, serialized once and shared, immutable, by every RTSP/WebRTC reader.
/// Readers send <see cref="Packets"/> as they are (UDP datagrams, or interleaved frames / SRTP input).
/// </summary>
public sealed class RtpUnitPackets : IFanoutItem
{
    public required int TrackId { get; init; }

    public required ReadOnlyMemory<byte>[] Packets { get; init; }

    public required uint RtpTimestamp { get; init; }

    public DateTime NtpTime { get; init; }

    public bool IsVideo { get; init; }

    public bool IsKeyFrame { get; init; }
}
