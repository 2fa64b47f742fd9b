using System.Net;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Mikey;
using MediaBroker.Protocols.Rtsp.Tunnel;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspConnection
{
    /// <summary>Controls of the tracks we announce in DESCRIBE; a reader's first SETUP is matched against them.</summary>
    private static readonly string[] PlayControls = [.. Enumerable.Range(0, 64).Select(RtspStreamSdp.Control)];

    private async ValueTask<RtspMessage> SetupAsync(RtspMessage request, CancellationToken ct)
    {
        var transport = ChooseTransport(request.Headers["Transport"]);
        var session = FindSession(request) ?? PendingAnnounce();
        if (session is not null && session.State is RtspSessionState.Playing or RtspSessionState.Recording)
        {
            throw new RtspProtocolException(455, "SETUP is not valid while playing or recording");
        }

        RtspRequestUrl url;
        int track;
        if (session is { State: RtspSessionState.PreRecord })
        {
            if (!RtspRequestUrl.TryParseSetup(request.Uri, session.RecordControls, out url, out track))
            {
                throw new RtspProtocolException(400, $"invalid URL '{request.Uri}'");
            }
        }
        else
        {
            if (!RtspRequestUrl.TryParseSetup(request.Uri, PlayControls, out url, out track))
            {
                throw new RtspProtocolException(400, $"invalid URL '{request.Uri}'");
            }

            if (session is null)
            {
                session = NewSession(request);
                var result = await _server.Paths.AddReaderAsync(Access(request, url), session, ct).ConfigureAwait(false);
                if (!result.IsOk)
                {
                    session.Close("read refused");
                    return PathError(request, result.Status, result.Message, result.RedirectTo);
                }

                session.SetPath(url);
                session.User = Access(request, url).User;
                session.PreparePlay(result.Value!, _server.GetEncoder(result.Value!.Stream));
            }
        }

        if (url.Path != session.PathName)
        {
            throw new RtspProtocolException(400, $"SETUP of path '{url.Path}' in a session of path '{session.PathName}'");
        }

        if (track < 0 || track >= session.TrackCount)
        {
            throw new RtspProtocolException(404, $"track not found in '{request.Uri}'");
        }

        var isRecord = session.State == RtspSessionState.PreRecord;
        if (transport.Lower == RtspLowerTransport.UdpMulticast && isRecord)
        {
            throw new RtspProtocolException(461, "multicast cannot be used to publish");
        }

        if (!session.TrySetTransport(transport.Lower, transport.IsSecure))
        {
            throw new RtspProtocolException(461, "all tracks of a session must use the same transport");
        }

        var setup = session.Setup(track);
        if (transport.IsSecure && transport.Lower != RtspLowerTransport.UdpMulticast)
        {
            setup.Srtp = NewSrtp(request, session, track, isRecord);
        }

        MikeyMessage? groupKey = null;
        var reply = transport.Lower switch
        {
            RtspLowerTransport.Udp => SetupUdp(session, track, setup, transport),
            RtspLowerTransport.Tcp => SetupTcp(session, setup, transport, track),
            _ => SetupMulticast(session, track, transport, out groupKey),
        } with { Profile = transport.Profile };
        setup.IsSetup = true;
        session.Touch();
        var headers = SessionHeader(session).Add("Transport", reply.ToString());
        if ((setup.Srtp?.Server ?? groupKey) is { } key)
        {
            headers.Add("KeyMgmt", $"prot=mikey; uri=\"{request.Uri}\"; data=\"{key.ToBase64()}\"");
        }

        return Response(200, headers);
    }

    /// <summary>The first transport spec we can serve; 461 when none (RFC 2326 §12.39).</summary>
    private RtspTransport ChooseTransport(string? header)
    {
        if (header is null)
        {
            throw new RtspProtocolException(461, "SETUP without a Transport header");
        }

        var options = _server.Options;
        foreach (var spec in RtspTransport.ParseList(header))
        {
            // SAVP keys travel in clear MIKEY, so they are only accepted over TLS.
            if (spec.IsSecure && !IsTls)
            {
                continue;
            }

            var allowed = Tunnel != RtspTunnel.None ? spec.Lower == RtspLowerTransport.Tcp && options.AllowTcp : spec.Lower switch
            {
                RtspLowerTransport.Udp => options.AllowUdp && spec.ClientPorts is not null && _server.UdpFor(spec.IsSecure) is not null,
                RtspLowerTransport.UdpMulticast => options.AllowMulticast && _server.Multicast is not null,
                _ => options.AllowTcp,
            };
            if (allowed)
            {
                return spec;
            }
        }

        throw new RtspProtocolException(461, $"no supported transport in '{header}'");
    }

    /// <summary>ffmpeg sends its first SETUP after ANNOUNCE without the Session header: it belongs to that session.</summary>
    private RtspSession? PendingAnnounce()
    {
        foreach (var s in _sessions)
        {
            if (s.State == RtspSessionState.PreRecord && !s.AnyTrackSetup)
            {
                return s;
            }
        }

        return null;
    }

    private RtspTransport SetupUdp(RtspSession session, int track, RtspTrackSetup setup, RtspTransport spec)
    {
        var udp = _server.UdpFor(spec.IsSecure)!;
        var (rtpPort, rtcpPort) = spec.ClientPorts!.Value;
        var ip = RemoteEndPoint.Address;
        setup.ClientRtp = new IPEndPoint(ip, rtpPort);
        setup.ClientRtcp = new IPEndPoint(ip, rtcpPort);
        setup.RtpKey = udp.Key(setup.ClientRtp);
        setup.RtcpKey = udp.Key(setup.ClientRtcp);
        if (!udp.Register(setup.RtpKey, setup.RtcpKey, session, track))
        {
            throw new RtspProtocolException(400, $"client ports {rtpPort}-{rtcpPort} are already used by another session");
        }

        return new RtspTransport
        {
            Lower = RtspLowerTransport.Udp,
            ClientPorts = (rtpPort, rtcpPort),
            ServerPorts = (udp.RtpEndPoint.Port, udp.RtcpEndPoint.Port),
            Ssrc = session.Encoder is { } e ? e.GetTrackState(track).Ssrc : null,
            Mode = spec.Mode,
        };
    }

    private RtspTransport SetupTcp(RtspSession session, RtspTrackSetup setup, RtspTransport spec, int track)
    {
        var (rtp, rtcp) = spec.Interleaved ?? (track * 2, (track * 2) + 1);
        if (rtp is < 0 or > 255 || rtcp is < 0 or > 255)
        {
            throw new RtspProtocolException(400, "interleaved channels must be 0-255");
        }

        foreach (var other in _sessions)
        {
            for (var i = 0; i < other.TrackCount; i++)
            {
                var s = other.Setup(i);
                if (s != setup && s.IsSetup && other.Transport == RtspLowerTransport.Tcp && (s.RtpChannel == rtp || s.RtcpChannel == rtp))
                {
                    throw new RtspProtocolException(400, $"interleaved channel {rtp} is already in use");
                }
            }
        }

        setup.RtpChannel = (byte)rtp;
        setup.RtcpChannel = (byte)rtcp;
        return new RtspTransport
        {
            Lower = RtspLowerTransport.Tcp,
            Interleaved = (rtp, rtcp),
            Ssrc = session.Encoder is { } e ? e.GetTrackState(track).Ssrc : null,
            Mode = spec.Mode,
        };
    }

    /// <summary>
    /// A multicast group of the stream's track; SAVP readers join the stream's secure groups and get the group's key
    /// (<paramref name="key"/>, sent back in KeyMgmt): every reader of a group decrypts the same packets.
    /// </summary>
    private RtspTransport SetupMulticast(RtspSession session, int track, RtspTransport spec, out MikeyMessage? key)
    {
        var multicast = _server.Multicast!;
        (var group, key) = multicast.Join(session.ReaderLease!.Stream, session.Encoder!, track, spec.IsSecure);
        return new RtspTransport
        {
            Lower = RtspLowerTransport.UdpMulticast,
            Destination = group,
            Ports = spec.IsSecure ? (multicast.SrtpPort, multicast.SrtcpPort) : (multicast.RtpPort, multicast.RtcpPort),
            Ttl = multicast.Ttl,
            Mode = spec.Mode,
        };
    }
}
