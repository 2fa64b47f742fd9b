using MediaBroker.Core;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// The stream's shared <see cref="RtpStreamEncoder"/> for one RTP payload size. RTSP and WebRTC readers both ask
/// with <see cref="RtpPayloadSize.For"/>, so one packetization serves them all.
/// </summary>
/// <param name="MaxPayloadSize">RTP payload bytes per packet, header excluded.</param>
public readonly record struct RtpEncoderKey(int MaxPayloadSize) : IStreamEncoderKey<RtpStreamEncoder>
{
    public RtpStreamEncoder Create(MediaStream stream) => new(stream, MaxPayloadSize);
}
