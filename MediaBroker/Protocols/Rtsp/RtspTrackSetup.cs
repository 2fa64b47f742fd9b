using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>Where one track of a session goes: the client's UDP ports or the interleaved channels.</summary>
internal sealed class RtspTrackSetup
{
    public bool IsSetup { get; set; }

    public IPEndPoint? ClientRtp { get; set; }

    public IPEndPoint? ClientRtcp { get; set; }

    /// <summary>The client's RTP address in the form the server's UDP socket reports it (demultiplexing key, send target).</summary>
    public SocketAddress? RtpKey { get; set; }

    public SocketAddress? RtcpKey { get; set; }

    public byte RtpChannel { get; set; }

    public byte RtcpChannel { get; set; }

    /// <summary>SAVP keys of the track; null for plain RTP/AVP.</summary>
    public RtspTrackSrtp? Srtp { get; set; }
}
