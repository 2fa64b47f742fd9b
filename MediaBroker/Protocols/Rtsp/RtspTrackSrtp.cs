using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.Rtsp.Mikey;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// SAVP state of one track: the client's key (from its MIKEY) unprotects what it sends, ours (sent back in the
/// SETUP response) protects what we send. SrtpContext is single-threaded, and RTP and RTCP are received and sent
/// on different loops, so each of the four directions has its own context.
/// </summary>
internal sealed class RtspTrackSrtp : IDisposable
{
    private readonly SrtpContext? _rtpIn;
    private readonly SrtpContext? _rtcpIn;
    private readonly SrtpContext _rtpOut;
    private readonly SrtpContext _rtcpOut;

    // Shared packets are protected into this per-reader buffer; the send loop finishes with it before the next packet.
    private readonly byte[] _scratch = new byte[65536];

    public RtspTrackSrtp(MikeyMessage? client, MikeyMessage server)
    {
        Server = server;
        if (client is not null)
        {
            _rtpIn = new SrtpContext(client.Profile, client.MasterKey, client.MasterSalt);
            _rtcpIn = new SrtpContext(client.Profile, client.MasterKey, client.MasterSalt);
        }

        _rtpOut = new SrtpContext(server.Profile, server.MasterKey, server.MasterSalt);
        _rtcpOut = new SrtpContext(server.Profile, server.MasterKey, server.MasterSalt);
    }

    /// <summary>Our MIKEY message, for the <c>KeyMgmt</c> response header.</summary>
    public MikeyMessage Server { get; }

    /// <summary>Decrypts a client's SRTP or SRTCP packet; null when it does not verify (or the client sent no key).</summary>
    public byte[]? Unprotect(byte[] datagram, bool isRtcp)
    {
        var context = isRtcp ? _rtcpIn : _rtpIn;
        if (context is null)
        {
            return null;
        }

        int length;
        var result = isRtcp ? context.UnprotectRtcp(datagram, out length) : context.UnprotectRtp(datagram, out length);
        return result != SrtpResult.Ok ? null : length == datagram.Length ? datagram : datagram.AsSpan(0, length).ToArray();
    }

    /// <summary>Encrypts a shared RTP packet into the scratch buffer; valid until the next call.</summary>
    public ReadOnlyMemory<byte> ProtectRtp(ReadOnlyMemory<byte> packet)
    {
        packet.Span.CopyTo(_scratch);
        return _scratch.AsMemory(0, _rtpOut.ProtectRtp(_scratch, packet.Length));
    }

    /// <summary>Encrypts one of our RTCP reports into a new array (reports are rare and may be queued).</summary>
    public ReadOnlyMemory<byte> ProtectRtcp(ReadOnlyMemory<byte> packet)
    {
        var buffer = new byte[packet.Length + _rtcpOut.Profile.RtcpOverhead()];
        packet.Span.CopyTo(buffer);

        // Periodic reports and key-frame requests (PLI) are sent from different threads; the SRTCP index must stay unique.
        lock (_rtcpOut)
        {
            return buffer.AsMemory(0, _rtcpOut.ProtectRtcp(buffer, packet.Length));
        }
    }

    public void Dispose()
    {
        _rtpIn?.Dispose();
        _rtcpIn?.Dispose();
        _rtpOut.Dispose();
        _rtcpOut.Dispose();
    }
}
