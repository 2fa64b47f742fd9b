namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>The session's API and metrics record.</summary>
public abstract partial class WebRtcSession
{
    /// <summary>A snapshot for <c>/v3/webrtcsessions</c> and the webrtc_sessions metrics.</summary>
    public abstract WebRtcSessionInfo Info { get; }

    /// <summary>The record with what every role counts; the role passes what only it counts (losses and jitter in, drops out).</summary>
    private protected WebRtcSessionInfo Describe(long inboundRtpPacketsLost, double inboundRtpPacketsJitter, long outboundFramesDiscarded) => new()
    {
        Id = Id,
        Created = Created,
        RemoteAddr = RemoteAddr.ToString(),
        PeerConnectionEstablished = PeerConnectionEstablished,
        LocalCandidate = LocalCandidate,
        RemoteCandidate = RemoteCandidate,
        State = State,
        Path = Path,
        Query = Query,
        User = User ?? "",
        UserAgent = UserAgent ?? "",
        InboundBytes = InboundBytes,
        InboundRTPPackets = InboundRtpPackets,
        InboundRTPPacketsLost = inboundRtpPacketsLost,
        InboundRTPPacketsJitter = inboundRtpPacketsJitter,
        InboundRTCPPackets = InboundRtcpPackets,
        OutboundBytes = OutboundBytes,
        OutboundRTPPackets = OutboundRtpPackets,
        OutboundRTCPPackets = OutboundRtcpPackets,
        OutboundFramesDiscarded = outboundFramesDiscarded,
    };
}
