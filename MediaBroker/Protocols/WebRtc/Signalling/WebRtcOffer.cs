using System.Globalization;
using MediaBroker.Formats.Sdp;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// The parts of a browser's (or OBS's) SDP offer the server needs (RFC 8829 JSEP, RFC 8839 ICE, RFC 8842
/// DTLS): the ICE credentials, the DTLS fingerprint and setup role, and the media sections.
/// </summary>
public sealed class WebRtcOffer
{
    private WebRtcOffer(SessionDescription sdp, string ufrag, string password, string fingerprint, string setup)
    {
        Sdp = sdp;
        IceUfrag = ufrag;
        IcePassword = password;
        Fingerprint = fingerprint;
        Setup = setup;
    }

    public SessionDescription Sdp { get; }

    public string IceUfrag { get; }

    public string IcePassword { get; }

    /// <summary>"sha-256 AB:CD:..." (the hash the peer's DTLS certificate must have).</summary>
    public string Fingerprint { get; }

    /// <summary>actpass, active or passive (RFC 4145 §4).</summary>
    public string Setup { get; }

    /// <summary>We are the DTLS server unless the offerer insists on being passive (RFC 8842 §5.3).</summary>
    public bool LocalIsDtlsServer => !string.Equals(Setup, "passive", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses and checks an offer.</summary>
    /// <exception cref="WebRtcNegotiationException">Not SDP, or ICE/DTLS attributes missing.</exception>
    public static WebRtcOffer Parse(string text)
    {
        SessionDescription sdp;
        try
        {
            sdp = SessionDescription.Parse(text);
        }
        catch (SdpProtocolException ex)
        {
            throw new WebRtcNegotiationException("invalid SDP: " + ex.Message, ex);
        }

        if (sdp.Media.Count == 0)
        {
            throw new WebRtcNegotiationException("the offer has no media sections");
        }

        var ufrag = Find(sdp, "ice-ufrag") ?? throw new WebRtcNegotiationException("the offer has no a=ice-ufrag");
        var pwd = Find(sdp, "ice-pwd") ?? throw new WebRtcNegotiationException("the offer has no a=ice-pwd");
        var fingerprint = Find(sdp, "fingerprint") ?? throw new WebRtcNegotiationException("the offer has no a=fingerprint");
        if (!fingerprint.StartsWith("sha-256 ", StringComparison.OrdinalIgnoreCase))
        {
            throw new WebRtcNegotiationException("the offer's fingerprint is not sha-256");
        }

        var setup = Find(sdp, "setup") ?? "actpass";
        return new WebRtcOffer(sdp, ufrag.Trim(), pwd.Trim(), fingerprint.Trim(), setup.Trim());
    }

    /// <summary>The mid of a media section (RFC 8843); its index when the offer has none.</summary>
    public static string MidOf(MediaDescription media, int index) =>
        media.GetAttribute("mid") ?? index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first a=ssrc id of a section, or null.</summary>
    public static uint? SsrcOf(MediaDescription media)
    {
        var value = media.GetAttribute("ssrc");
        if (value is null)
        {
            return null;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var id = space < 0 ? value : value[..space];
        return uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ssrc) ? ssrc : null;
    }

    /// <summary>A media-level attribute of the first section that has it, else the session-level one.</summary>
    private static string? Find(SessionDescription sdp, string name)
    {
        foreach (var m in sdp.Media)
        {
            if (m.Port != 0 && m.GetAttribute(name) is { } v)
            {
                return v;
            }
        }

        return sdp.GetAttribute(name);
    }
}
