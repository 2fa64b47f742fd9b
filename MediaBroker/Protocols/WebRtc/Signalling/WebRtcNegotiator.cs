using System.Globalization;
using System.Security.Cryptography;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// Offer/answer for WHIP and WHEP (RFC 8829 JSEP §5.3, RFC 9725): one codec per accepted m= section,
/// everything BUNDLEd on one ICE-lite transport with rtcp-mux, DTLS role from the offer's a=setup.
/// </summary>
public static class WebRtcNegotiator
{
    /// <summary>RTCP feedback we act on (RFC 4585 NACK and PLI, RFC 5104 FIR).</summary>
    private static readonly string[] s_feedback = ["nack", "nack pli", "ccm fir"];

    /// <summary>WHEP: assigns stream tracks to the offer's sections (each track at most once).</summary>
    /// <exception cref="WebRtcNegotiationException">No track can be sent to this peer.</exception>
    public static IReadOnlyList<NegotiatedMedia> PlanRead(WebRtcOffer offer, IReadOnlyList<Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(tracks);
        var used = new bool[tracks.Count];
        var plan = new List<NegotiatedMedia>(offer.Sdp.Media.Count);
        for (var i = 0; i < offer.Sdp.Media.Count; i++)
        {
            var media = offer.Sdp.Media[i];
            var result = new NegotiatedMedia(i, WebRtcOffer.MidOf(media, i), media.Media);
            if (media.Port != 0 && IsRtp(media) && media.Direction is "recvonly" or "sendrecv")
            {
                for (var t = 0; t < tracks.Count; t++)
                {
                    if (!used[t] && KindOf(tracks[t].Kind) == media.Media
                        && WebRtcCodecMatcher.MatchForRead(media, tracks[t].Codec) is { } format)
                    {
                        used[t] = true;
                        result = result with { Format = format, Codec = tracks[t].Codec, StreamTrack = tracks[t] };
                        break;
                    }
                }
            }

            plan.Add(result);
        }

        if (!plan.Any(m => m.Accepted))
        {
            var codecs = string.Join(", ", tracks.Select(t => t.Codec.Name));
            throw new WebRtcNegotiationException(tracks.Any(t => WebRtcCodecMatcher.IsWebRtcCodec(t.Codec))
                ? $"the client does not accept any of the stream's codecs ({codecs})"
                : $"the stream has no track WebRTC can carry ({codecs}); supported are H264, H265, VP8, VP9, AV1, Opus, G711, G722");
        }

        return plan;
    }

    /// <summary>WHIP: picks what each sending section of the offer will carry.</summary>
    /// <exception cref="WebRtcNegotiationException">No section carries a supported codec.</exception>
    public static IReadOnlyList<NegotiatedMedia> PlanPublish(WebRtcOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var plan = new List<NegotiatedMedia>(offer.Sdp.Media.Count);
        for (var i = 0; i < offer.Sdp.Media.Count; i++)
        {
            var media = offer.Sdp.Media[i];
            var result = new NegotiatedMedia(i, WebRtcOffer.MidOf(media, i), media.Media);
            if (media.Port != 0 && IsRtp(media) && media.Direction is "sendonly" or "sendrecv"
                && WebRtcCodecMatcher.ChooseForPublish(media) is { } choice)
            {
                result = result with { Format = choice.Format, Codec = choice.Codec, RemoteSsrc = WebRtcOffer.SsrcOf(media) };
            }

            plan.Add(result);
        }

        if (!plan.Any(m => m.Accepted))
        {
            throw new WebRtcNegotiationException("the offer has no track with a supported codec (H264, H265, VP8, VP9, AV1, Opus, G711, G722)");
        }

        return plan;
    }

    /// <summary>Writes the answer. <paramref name="ssrcs"/> gives our SSRC per section index when we send.</summary>
    public static string BuildAnswer(
        WebRtcOffer offer,
        IReadOnlyList<NegotiatedMedia> plan,
        IceCredentials ice,
        string fingerprint,
        IReadOnlyList<string> candidates,
        bool sending,
        IReadOnlyDictionary<int, uint>? ssrcs = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ice);
        ArgumentNullException.ThrowIfNull(candidates);
        var answer = new SessionDescription
        {
            Origin = Inv($"- {RandomNumberGenerator.GetInt32(1, int.MaxValue)} 2 IN IP4 127.0.0.1"),
            SessionName = "-",
        };
        answer.Timing.Add("0 0");
        var bundle = string.Join(' ', plan.Where(m => m.Accepted).Select(m => m.Mid));
        answer.Attributes.Add(new SdpAttribute("group", "BUNDLE " + bundle));

        // RFC 8445 §5.1.1 / RFC 8839 §5.3: we only answer checks, the peer is controlling.
        answer.Attributes.Add(new SdpAttribute("ice-lite"));
        answer.Attributes.Add(new SdpAttribute("msid-semantic", " WMS *"));
        foreach (var item in plan)
        {
            var offered = offer.Sdp.Media[item.Index];
            answer.Media.Add(item.Accepted
                ? AcceptedSection(offer, offered, item, ice, fingerprint, candidates, sending, ssrcs)
                : RejectedSection(offered, item));
        }

        return answer.ToString();
    }

    private static MediaDescription AcceptedSection(
        WebRtcOffer offer,
        MediaDescription offered,
        NegotiatedMedia item,
        IceCredentials ice,
        string fingerprint,
        IReadOnlyList<string> candidates,
        bool sending,
        IReadOnlyDictionary<int, uint>? ssrcs)
    {
        var format = item.Format!;
        var pt = format.PayloadType.ToString(CultureInfo.InvariantCulture);
        var m = new MediaDescription { Media = offered.Media, Port = 9, Protocol = offered.Protocol };
        m.Formats.Add(pt);
        m.Lines.Add(('c', "IN IP4 0.0.0.0"));
        m.Attributes.Add(new SdpAttribute("mid", item.Mid));
        m.Attributes.Add(new SdpAttribute("ice-ufrag", ice.Ufrag));
        m.Attributes.Add(new SdpAttribute("ice-pwd", ice.Password));
        m.Attributes.Add(new SdpAttribute("fingerprint", fingerprint));

        // RFC 8842 §5.3: answer actpass with passive (we are the DTLS server); a passive offerer makes us active.
        m.Attributes.Add(new SdpAttribute("setup", offer.LocalIsDtlsServer ? "passive" : "active"));
        m.Attributes.Add(new SdpAttribute(sending ? "sendonly" : "recvonly"));
        m.Attributes.Add(new SdpAttribute("rtcp-mux"));
        if (offered.HasAttribute("rtcp-rsize"))
        {
            m.Attributes.Add(new SdpAttribute("rtcp-rsize"));
        }

        m.Attributes.Add(new SdpAttribute("rtpmap", pt + " " + (format.RtpMap ?? SdpCodecMapper.ToMedia(item.Codec!, format.PayloadType).RtpMap)));
        if (format.Fmtp is { } fmtp)
        {
            m.Attributes.Add(new SdpAttribute("fmtp", pt + " " + fmtp));
        }

        foreach (var fb in s_feedback)
        {
            if (HasFeedback(offered, pt, fb))
            {
                m.Attributes.Add(new SdpAttribute("rtcp-fb", pt + " " + fb));
            }
        }

        if (sending && ssrcs is not null && ssrcs.TryGetValue(item.Index, out var ssrc))
        {
            var ssrcText = ssrc.ToString(CultureInfo.InvariantCulture);
            var trackId = item.Kind + item.Index.ToString(CultureInfo.InvariantCulture);
            m.Attributes.Add(new SdpAttribute("msid", "mediabroker " + trackId));
            m.Attributes.Add(new SdpAttribute("ssrc", ssrcText + " cname:mediabroker"));
            m.Attributes.Add(new SdpAttribute("ssrc", ssrcText + " msid:mediabroker " + trackId));
        }

        foreach (var candidate in candidates)
        {
            m.Attributes.Add(new SdpAttribute("candidate", candidate));
        }

        m.Attributes.Add(new SdpAttribute("end-of-candidates"));
        return m;
    }

    private static MediaDescription RejectedSection(MediaDescription offered, NegotiatedMedia item)
    {
        // JSEP §5.3.1: a rejected section keeps its media type, proto and mid, with port 0.
        var m = new MediaDescription { Media = offered.Media, Port = 0, Protocol = offered.Protocol };
        m.Formats.Add(offered.Formats.Count > 0 ? offered.Formats[0] : "0");
        m.Lines.Add(('c', "IN IP4 0.0.0.0"));
        m.Attributes.Add(new SdpAttribute("mid", item.Mid));
        m.Attributes.Add(new SdpAttribute("inactive"));
        return m;
    }

    private static bool HasFeedback(MediaDescription media, string pt, string feedback)
    {
        foreach (var a in media.Attributes)
        {
            if (a.Name == "rtcp-fb" && a.Value is { } v && (v == pt + " " + feedback || v == "* " + feedback))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRtp(MediaDescription media) => media.Protocol.Contains("RTP", StringComparison.Ordinal);

    private static string KindOf(MediaKind kind) => kind switch
    {
        MediaKind.Video => "video",
        MediaKind.Audio => "audio",
        _ => "application",
    };

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
