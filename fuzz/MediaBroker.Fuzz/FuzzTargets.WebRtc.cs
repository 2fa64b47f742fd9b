using System.Buffers;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>The ICE-TCP frame limit of WebRtcTcpMux (its MaxFrame).</summary>
    private const int IceTcpMaxFrame = 2048;

    private static IEnumerable<FuzzTarget> WebRtcTargets() =>
    [
        new("webrtc-demux",
            "What a WebRTC port parses before BouncyCastle: IceTcpFrameReader (RFC 4571), PacketClassifier (STUN/DTLS/RTP/RTCP), STUN, DtlsDatagramQueue (DTLS record walk of the ClientHello version rewrite)",
            WebRtcDemux),
    ];

    /// <summary>
    /// A passive ICE-TCP connection's bytes (each frame after a 16-bit big-endian length, which is also how the UDP
    /// seeds are stored), read in two receives as WebRtcTcpMux reads them: each frame classified, STUN parsed, DTLS
    /// records queued and taken by the DTLS side, which walks their record headers. Nothing here throws on bad input
    /// but StunMessage.TryParse (StunProtocolException); a frame longer than the limit ends the connection.
    /// </summary>
    private static void WebRtcDemux(byte[] data)
    {
        var frames = new IceTcpFrameReader(IceTcpMaxFrame);
        using var dtls = new DtlsDatagramQueue(_ => { }, 1200, 64, rewriteClientHelloVersion: true);
        var received = new byte[1500];
        var half = data.Length / 2;
        foreach (var chunk in new[] { data.AsMemory(0, half), data.AsMemory(half) })
        {
            var rest = chunk;
            while (!rest.IsEmpty)
            {
                var space = frames.GetFreeSpace();
                var n = Math.Min(space.Length, rest.Length);
                rest[..n].CopyTo(space);
                frames.Advance(n);
                rest = rest[n..];
                OperationStatus status;
                while ((status = frames.TryRead(out var frame)) == OperationStatus.Done)
                {
                    switch (PacketClassifier.Classify(frame.Span))
                    {
                        case PacketKind.Stun:
                            Expect<StunProtocolException>(() => StunMessage.TryParse(frame.Span, out _));
                            break;
                        case PacketKind.Dtls:
                            dtls.Push(frame.Span);
                            while (dtls.Receive(received, 0, received.Length, 0) >= 0)
                            {
                            }

                            break;
                    }
                }

                if (status == OperationStatus.InvalidData)
                {
                    return;
                }
            }
        }
    }
}
