using System.Globalization;
using MediaBroker.Codecs;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>One stream track offered to a WHIP server: our payload type and SSRC for it, and its m= section's mid.</summary>
internal sealed record WhipTrack(Track Track, byte PayloadType, uint Ssrc, string Mid);

/// <summary>
/// The SDP half of a WHIP client (RFC 9725): one sendonly section per track a WebRTC peer can receive, all BUNDLEd
/// on one transport with rtcp-mux; we are the controlling ICE agent and the DTLS client (<c>a=setup:active</c>, so
/// an answerer that would pick the client role itself, as pion does for actpass, cannot). The answer then says which
/// sections were accepted and with which payload type.
/// </summary>
internal static class WhipOffer
{
    /// <summary>The tracks WebRTC can carry, in stream order, and the names of those it cannot (for the log).</summary>
    public static (List<Track> Sendable, List<string> Skipped) Split(IEnumerable<Track> tracks)
    {
        var sendable = new List<Track>();
        var skipped = new List<string>();
        foreach (var track in tracks)
        {
            if (WebRtcCodecMatcher.IsWebRtcCodec(track.Codec))
            {
                sendable.Add(track);
            }
            else
            {
                skipped.Add(track.Codec.Name);
            }
        }

        return (sendable, skipped);
    }

    public static string Build(IReadOnlyList<WhipTrack> tracks, IceCredentials ice, string fingerprint, string cname)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(ice);
        var sdp = new SessionDescription { Origin = "- 1 1 IN IP4 127.0.0.1", SessionName = "-" };
        sdp.Timing.Add("0 0");
        sdp.Attributes.Add(new SdpAttribute("group", "BUNDLE " + string.Join(' ', tracks.Select(t => t.Mid))));
        sdp.Attributes.Add(new SdpAttribute("msid-semantic", " WMS " + cname));
        foreach (var t in tracks)
        {
            sdp.Media.Add(Section(t, ice, fingerprint, cname));
        }

        return sdp.ToString();
    }

    /// <summary>
    /// The payload type the answer accepted for each offered track (by mid, else by position); tracks whose section
    /// was rejected (port 0) or whose answer has no format that carries the codec are left out.
    /// </summary>
    public static Dictionary<int, byte> AcceptedPayloadTypes(SessionDescription answer, IReadOnlyList<WhipTrack> offered)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(offered);
        var accepted = new Dictionary<int, byte>();
        for (var i = 0; i < offered.Count; i++)
        {
            var t = offered[i];
            var media = answer.Media.FirstOrDefault(m => m.GetAttribute("mid") == t.Mid)
                ?? (i < answer.Media.Count && answer.Media[i].GetAttribute("mid") is null ? answer.Media[i] : null);
            if (media is null || media.Port == 0 || media.Direction is "inactive" or "sendonly")
            {
                continue;
            }

            // JSEP §5.3.1: the answerer echoes the offer's payload types; a different one is still what it expects.
            if (WebRtcCodecMatcher.MatchForRead(media, t.Track.Codec) is { } format)
            {
                accepted[t.Track.Id] = (byte)format.PayloadType;
            }
        }

        return accepted;
    }

    private static MediaDescription Section(WhipTrack t, IceCredentials ice, string fingerprint, string cname)
    {
        var m = SdpCodecMapper.ToMediaDescription(t.Track.Codec, t.PayloadType, control: null);
        m.Port = 9;
        m.Protocol = "UDP/TLS/RTP/SAVPF";
        m.Lines.Add(('c', "IN IP4 0.0.0.0"));
        var pt = t.PayloadType.ToString(CultureInfo.InvariantCulture);
        m.Attributes.Add(new SdpAttribute("rtcp", "9 IN IP4 0.0.0.0"));
        m.Attributes.Add(new SdpAttribute("mid", t.Mid));
        m.Attributes.Add(new SdpAttribute("ice-ufrag", ice.Ufrag));
        m.Attributes.Add(new SdpAttribute("ice-pwd", ice.Password));
        m.Attributes.Add(new SdpAttribute("ice-options", "trickle"));
        m.Attributes.Add(new SdpAttribute("fingerprint", fingerprint));
        m.Attributes.Add(new SdpAttribute("setup", "active"));
        m.Attributes.Add(new SdpAttribute("sendonly"));
        m.Attributes.Add(new SdpAttribute("rtcp-mux"));
        m.Attributes.Add(new SdpAttribute("rtcp-rsize"));
        if (t.Track.Kind == MediaKind.Video)
        {
            // What we act on: PLI and FIR ask the publisher for a key frame (MediaStream.RequestKeyFrame).
            m.Attributes.Add(new SdpAttribute("rtcp-fb", pt + " nack pli"));
            m.Attributes.Add(new SdpAttribute("rtcp-fb", pt + " ccm fir"));
        }

        var ssrc = t.Ssrc.ToString(CultureInfo.InvariantCulture);
        var trackId = t.Track.Kind == MediaKind.Video ? "video" + t.Mid : "audio" + t.Mid;
        m.Attributes.Add(new SdpAttribute("msid", cname + " " + trackId));
        m.Attributes.Add(new SdpAttribute("ssrc", ssrc + " cname:" + cname));
        m.Attributes.Add(new SdpAttribute("ssrc", ssrc + " msid:" + cname + " " + trackId));
        return m;
    }
}
