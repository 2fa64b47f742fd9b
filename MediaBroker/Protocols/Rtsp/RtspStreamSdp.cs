using System.Globalization;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// The session description of a stream as RTSP sends it: the server answers it to DESCRIBE, the pusher sends it with
/// ANNOUNCE. One media section per track, in track order, with the shared encoder's payload types and the control
/// <c>trackID=N</c>.
/// </summary>
internal static class RtspStreamSdp
{
    public const string ControlPrefix = "trackID=";

    public static SessionDescription Build(MediaStream stream, RtpStreamEncoder encoder)
    {
        var sdp = new SessionDescription { Origin = "- 0 0 IN IP4 127.0.0.1", SessionName = "Stream" };
        sdp.Lines.Add(('c', "IN IP4 0.0.0.0"));
        sdp.Attributes.Add(new SdpAttribute("tool", "MediaBroker"));
        sdp.Attributes.Add(new SdpAttribute("control", "*"));
        foreach (var track in stream.Tracks)
        {
            sdp.Media.Add(SdpCodecMapper.ToMediaDescription(track.Codec, encoder.PayloadType(track.Id), Control(track.Id)));
        }

        return sdp;
    }

    public static string Control(int trackId) => ControlPrefix + trackId.ToString(CultureInfo.InvariantCulture);
}
