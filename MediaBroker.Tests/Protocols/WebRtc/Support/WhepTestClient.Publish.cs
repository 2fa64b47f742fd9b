using System.Buffers.Binary;
using System.Net;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>What the test peer sends: RTCP feedback as a viewer, and RTP as a WHIP publisher.</summary>
internal sealed partial class WhepTestClient
{
    /// <summary>A WHIP offer: sendonly H264 (payload type 102) and Opus (111), like a browser's publish offer.</summary>
    public static string WhipOffer(IceCredentials ice, string fingerprint) =>
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\n" +
        "a=sendonly\r\na=rtcp-mux\r\na=rtpmap:102 H264/90000\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\na=rtcp-fb:102 nack pli\r\n" +
        "a=ssrc:1111 cname:test\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\n" +
        "a=sendonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=ssrc:2222 cname:test\r\n";

    /// <summary>POSTs <see cref="WhipOffer"/> to a WHIP endpoint.</summary>
    public Task<HttpStatusCode> PostWhipOfferAsync(Uri whip) => PostSdpAsync(whip, WhipOffer(_ice, _certificate.Fingerprint));

    /// <summary>Sends an SRTCP PLI (RFC 4585), as a browser does when it needs a key frame.</summary>
    public void SendPictureLossIndication()
    {
        var buffer = new byte[128];
        _transport!.SendRtcp(buffer, RtcpWriter.WritePictureLossIndication(buffer, 0x1234, 0));
    }

    /// <summary>Sends one SRTP packet carrying <paramref name="payload"/> (a single NAL unit, an Opus frame).</summary>
    public void SendRtp(byte payloadType, uint ssrc, ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[12 + payload.Length + 64];
        buffer[0] = 0x80;
        buffer[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        payload.CopyTo(buffer.AsSpan(12));
        _transport!.SendRtp(buffer, 12 + payload.Length);
    }
}
