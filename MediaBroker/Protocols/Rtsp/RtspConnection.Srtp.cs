using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Mikey;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspConnection
{
    private readonly Dictionary<(string Path, int Track), MikeyMessage> _offeredKeys = [];

    /// <summary>
    /// SAVP SETUP (RFC 4567): the client's <c>KeyMgmt</c> MIKEY keys what it sends (a publisher's RTP, a reader's
    /// RTCP); we answer with our own MIKEY for what we send. A publisher must send its key; a reader may omit it,
    /// then its receiver reports only keep the session alive.
    /// </summary>
    private RtspTrackSrtp NewSrtp(RtspMessage request, RtspSession session, int track, bool isRecord)
    {
        MikeyMessage? client = null;
        if (request.Headers["KeyMgmt"] is { } header)
        {
            if (!TryReadKeyMgmt(header, out client))
            {
                throw new RtspProtocolException(400, "KeyMgmt is not a MIKEY message we support (NULL-encrypted KEMAC, AES-CM-128 HMAC-SHA1-80)");
            }
        }
        else if (isRecord)
        {
            throw new RtspProtocolException(400, "RTP/SAVP needs a KeyMgmt header");
        }

        // A key offered in DESCRIBE is used once, so two sessions of one connection never share a keystream.
        if (isRecord || !_offeredKeys.Remove((session.PathName!, track), out var server))
        {
            uint ssrc = session.Encoder is { } e ? e.GetTrackState(track).Ssrc : session.ReceiverSsrc;
            server = MikeyMessage.Create([new MikeyCryptoSession(0, ssrc, 0)], DateTimeOffset.UtcNow);
        }

        return new RtspTrackSrtp(client, server);
    }

    /// <summary>
    /// DESCRIBE over TLS offers RTP/SAVP with our key in <c>a=key-mgmt</c> (RFC 4567 §3.1): GStreamer's rtspsrc
    /// chooses SAVP from the SDP and takes the key from there. Clients that SETUP RTP/AVP anyway (ffmpeg) still get plain RTP.
    /// </summary>
    private void OfferSavp(MediaDescription media, string path, int track, uint ssrc)
    {
        var key = MikeyMessage.Create([new MikeyCryptoSession(0, ssrc, 0)], DateTimeOffset.UtcNow);
        _offeredKeys[(path, track)] = key;
        media.Protocol = "RTP/SAVP";
        media.Attributes.Add(new SdpAttribute("key-mgmt", "mikey " + key.ToBase64()));
    }

    /// <summary>Reads <c>prot=mikey; uri="..."; data="base64"</c>; other protocols are refused.</summary>
    internal static bool TryReadKeyMgmt(string header, out MikeyMessage? message)
    {
        message = null;
        string? prot = null;
        string? data = null;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim().Trim('"');
            if (name.Equals("prot", StringComparison.OrdinalIgnoreCase))
            {
                prot = value;
            }
            else if (name.Equals("data", StringComparison.OrdinalIgnoreCase))
            {
                data = value;
            }
        }

        return string.Equals(prot, "mikey", StringComparison.OrdinalIgnoreCase) && data is not null && MikeyMessage.TryParseBase64(data, out message);
    }
}
