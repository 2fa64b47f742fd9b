using MediaBroker.Codecs;

namespace MediaBroker.Media;

/// <summary>
/// One access unit (video frame) or audio frame group, as the publisher produced it.
/// Once written to a <see cref="MediaStream"/> a unit is shared by every reader and never changes:
/// payloads are sliced, never copied, and are owned by the garbage collector, because a unit lives
/// as long as the slowest reader's queue holds it. Every property is init-only: the stream publishes a
/// shifted copy (<see cref="WithTimeOffset"/>) rather than changing the publisher's unit.
/// </summary>
public sealed class Unit : IFanoutItem
{
    public required Track Track { get; init; }

    /// <summary>Presentation time in <see cref="Track.ClockRate"/> ticks, unwrapped, relative to the path's time origin.</summary>
    public long Pts { get; init; }

    /// <summary>Decode time; equals <see cref="Pts"/> unless frames are reordered (B-frames).</summary>
    public long Dts { get; init; }

    /// <summary>Wall-clock capture time (from RTCP/absolute timestamps, else receive time).</summary>
    public DateTime NtpTime { get; init; }

    /// <summary>A decoder can start at this unit. Audio units are always random access points.</summary>
    public bool IsRandomAccess { get; init; }

    /// <summary>
    /// The payload in the codec's native elementary form: NAL units without start codes (H264/H265),
    /// OBUs (AV1), access units (AAC, Opus, MP3, AC-3), one frame (VP8/VP9/MJPEG/MPEG video),
    /// samples (G711/G722/LPCM). Empty for generic tracks, which only have <see cref="RtpPackets"/>.
    /// </summary>
    public ReadOnlyMemory<byte>[] Payloads { get; init; } = [];

    /// <summary>The RTP packets the unit arrived in, when the source was RTP (forwarded untouched where possible).</summary>
    public ReadOnlyMemory<byte>[]? RtpPackets { get; init; }

    /// <summary>
    /// The FLV tag body the unit arrived in (an RTMP or FLV publisher), only when it is byte for byte what the FLV muxer
    /// writes for this unit: FLV and RTMP readers then send it as it is instead of a copy. Empty otherwise.
    /// </summary>
    public ReadOnlyMemory<byte> FlvBody { get; init; }

    public bool IsVideo => Track.Kind == MediaKind.Video;

    /// <summary>
    /// This unit with <see cref="Pts"/> and <see cref="Dts"/> moved by <paramref name="ticks"/>; everything else is
    /// shared (payloads are not copied).
    /// </summary>
    public Unit WithTimeOffset(long ticks) => ticks == 0 ? this : WithTrack(Track, ticks, NtpTime);

    /// <summary>
    /// This unit as a unit of <paramref name="track"/> (another stream's track of the same codec), with its times moved
    /// by <paramref name="ticks"/> and the wall-clock time <paramref name="ntpTime"/>: how an always-available path carries a
    /// publisher's units on its own tracks and timeline. Any property added to the class must be copied here too.
    /// </summary>
    public Unit WithTrack(Track track, long ticks, DateTime ntpTime) => new()
    {
        Track = track,
        Pts = Pts + ticks,
        Dts = Dts + ticks,
        NtpTime = ntpTime,
        IsRandomAccess = IsRandomAccess,
        Payloads = Payloads,
        RtpPackets = RtpPackets,
        FlvBody = FlvBody,
    };

    public bool IsKeyFrame => IsRandomAccess || Track.Kind != MediaKind.Video;

    /// <summary>Bytes of payload (or of RTP packets for generic tracks), for byte counters.</summary>
    public int PayloadSize
    {
        get
        {
            var n = 0;
            foreach (var p in Payloads)
            {
                n += p.Length;
            }

            if (n == 0 && RtpPackets is { } rtp)
            {
                foreach (var p in rtp)
                {
                    n += p.Length;
                }
            }

            return n;
        }
    }
}
