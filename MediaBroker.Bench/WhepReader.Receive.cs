using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Bench;

/// <summary>The receive loop: STUN answers, DTLS records to the handshake, SRTP decrypted in place and counted.</summary>
internal sealed partial class WhepReader
{
    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var server = _server.Serialize();
        while (true)
        {
            var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct);
            var receivedAt = Stopwatch.GetTimestamp();
            if (from.Equals(server))
            {
                Handle(buffer.AsSpan(0, n), receivedAt);
            }
        }
    }

    private void Handle(Span<byte> packet, long receivedAt)
    {
        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                if (StunMessage.TryParse(packet, out var m) && m.Class == StunClass.SuccessResponse)
                {
                    _iceDone.TrySetResult();
                }

                break;
            case PacketKind.Dtls:
                _dtls.PushDatagram(packet);
                break;
            case PacketKind.Rtp when Volatile.Read(ref _inbound) is { } srtp && srtp.UnprotectRtp(packet, out var length) == SrtpResult.Ok:
                OnRtp(packet[..length], receivedAt);
                break;
            default:
                break;
        }
    }

    private void OnRtp(ReadOnlySpan<byte> rtp, long receivedAt)
    {
        // RTP header (RFC 3550 5.1): 12 bytes + 4 per CSRC + the extension if X is set.
        if (rtp.Length < 12)
        {
            return;
        }

        var header = 12 + (4 * (rtp[0] & 0x0f));
        if ((rtp[0] & 0x10) != 0 && rtp.Length >= header + 4)
        {
            header += 4 + (4 * ((rtp[header + 2] << 8) | rtp[header + 3]));
        }

        if (header > rtp.Length)
        {
            return;
        }

        _counters.AddMedia(rtp.Length - header);
        // The SEI is small, so it arrives whole in a single NAL unit or STAP-A packet: a byte search finds it.
        _counters.Latency?.Scan(rtp[header..], receivedAt, _kernelClock);
    }
}
