using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Net;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Mux;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>The transport half of a session: ICE path selection, DTLS feed, SRTP in and out.</summary>
public abstract partial class WebRtcSession
{
    /// <summary>Room for one RTP packet of udpMaxPayloadSize plus the largest SRTP tag.</summary>
    private const int ScratchSize = 1500 + 64;

    /// <summary>Packets kept while DTLS finishes (the peer starts SRTP as soon as it has our Finished).</summary>
    private const int EarlyPacketLimit = 512;

    private readonly DtlsSrtpTransport _dtls;

    // Inbound SRTP belongs to the port's receive loop; the gate only orders it with key installation and cleanup.
    private readonly Lock _inGate = new();
    private readonly List<(PacketKind Kind, byte[] Data)> _early = [];
    private SrtpContext? _inbound;

    // Outbound SRTP is shared by the media loop, RTCP answers from the receive loop, and timers.
    private readonly Lock _outGate = new();
    private readonly byte[] _scratch = new byte[ScratchSize];
    private SrtpContext? _outbound;
    private UdpDatagramBatch? _batch;

    private volatile WebRtcTransportPath? _path;
    private long _inboundBytes;
    private long _inboundRtpPackets;
    private long _inboundRtcpPackets;
    private long _outboundBytes;
    private long _outboundRtpPackets;
    private long _outboundRtcpPackets;

    /// <summary>The SRTP profile DTLS negotiated; null until the handshake completes.</summary>
    public SrtpProfile? SrtpProfile { get; private set; }

    public long InboundBytes => Interlocked.Read(ref _inboundBytes);

    public long InboundRtpPackets => Interlocked.Read(ref _inboundRtpPackets);

    public long InboundRtcpPackets => Interlocked.Read(ref _inboundRtcpPackets);

    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    public long OutboundRtpPackets => Interlocked.Read(ref _outboundRtpPackets);

    public long OutboundRtcpPackets => Interlocked.Read(ref _outboundRtcpPackets);

    void IWebRtcPeer.OnCheckSucceeded(WebRtcTransportPath path, bool nominated)
    {
        // Chromium starts DTLS after its first successful check, before nominating: use the first valid
        // path at once and switch when the controlling agent nominates another (RFC 8445 §8.1.1).
        if (_path is null || nominated)
        {
            _path = path;
        }

        _iceValidated.TrySetResult();
    }

    void IWebRtcPeer.OnPacket(PacketKind kind, Memory<byte> packet, WebRtcTransportPath path)
    {
        Interlocked.Add(ref _inboundBytes, packet.Length);
        if (kind == PacketKind.Dtls)
        {
            _dtls.PushDatagram(packet.Span);
            return;
        }

        lock (_inGate)
        {
            if (_inbound is null)
            {
                // Keys are exported on the DTLS thread a moment after the peer may already send media.
                if (_early.Count < EarlyPacketLimit && !_closing.IsCancellationRequested)
                {
                    _early.Add((kind, packet.ToArray()));
                }

                return;
            }

            Unprotect(_inbound, kind, packet);
        }
    }

    /// <summary>An authenticated RTP packet (decrypted in place) from the peer.</summary>
    private protected abstract void OnRtp(Memory<byte> packet);

    /// <summary>An authenticated compound RTCP packet from the peer.</summary>
    private protected abstract void OnRtcp(Memory<byte> packet);

    /// <summary>
    /// Sends one RTP packet: copies it behind the peer's payload type into the session's scratch buffer,
    /// encrypts it there and sends it. The shared packet itself is never modified.
    /// </summary>
    private protected void SendRtp(ReadOnlySpan<byte> packet, byte payloadType)
    {
        if (packet.Length < 12 || packet.Length + 16 > ScratchSize)
        {
            return;
        }

        lock (_outGate)
        {
            if (_outbound is null || _path is not { } path)
            {
                return;
            }

            packet.CopyTo(_scratch);
            _scratch[1] = (byte)((_scratch[1] & 0x80) | payloadType);
            var n = _outbound.ProtectRtp(_scratch, packet.Length);
            path.Send(_scratch.AsSpan(0, n));
            Interlocked.Add(ref _outboundBytes, n);
            Interlocked.Increment(ref _outboundRtpPackets);
        }
    }

    /// <summary>
    /// Encrypts and sends one frame's RTP packets together: on a UDP path that is one sendmmsg per batch of
    /// datagrams instead of one sendto per packet, which was most of a viewer's cost (docs/benchmarks.md).
    /// </summary>
    private protected void SendRtp(ReadOnlySpan<ReadOnlyMemory<byte>> packets, byte payloadType)
    {
        lock (_outGate)
        {
            if (_outbound is null || _path is not { } path)
            {
                return;
            }

            var batch = _batch ??= new UdpDatagramBatch();
            long bytes = 0;
            var count = 0;
            foreach (var memory in packets)
            {
                var packet = memory.Span;
                if (packet.Length < 12 || packet.Length + 16 > ScratchSize)
                {
                    continue;
                }

                var slot = batch.Next;
                packet.CopyTo(slot);
                slot[1] = (byte)((slot[1] & 0x80) | payloadType);
                var n = _outbound.ProtectRtp(slot, packet.Length);
                batch.Commit(n);
                bytes += n;
                count++;
                if (batch.IsFull)
                {
                    path.Send(batch);
                }
            }

            path.Send(batch);
            Interlocked.Add(ref _outboundBytes, bytes);
            Interlocked.Add(ref _outboundRtpPackets, count);
        }
    }

    /// <summary>Encrypts and sends one (compound) RTCP packet written by <paramref name="write"/> into the scratch buffer.</summary>
    private protected void SendRtcp<TState>(TState state, RtcpWrite<TState> write)
    {
        lock (_outGate)
        {
            if (_outbound is null || _path is not { } path)
            {
                return;
            }

            var length = write(_scratch.AsSpan(0, ScratchSize - 64), state);
            if (length <= 0)
            {
                return;
            }

            var n = _outbound.ProtectRtcp(_scratch, length);
            path.Send(_scratch.AsSpan(0, n));
            Interlocked.Add(ref _outboundBytes, n);
            Interlocked.Increment(ref _outboundRtcpPackets);
        }
    }

    private protected delegate int RtcpWrite<in TState>(Span<byte> destination, TState state);

    private void InstallKeys(SrtpKeys keys)
    {
        var localIsServer = _dtls.Role == DtlsRole.Server;
        SrtpProfile = keys.Profile;
        lock (_outGate)
        {
            _outbound = keys.CreateOutbound(localIsServer);
        }

        lock (_inGate)
        {
            _inbound = keys.CreateInbound(localIsServer);
            OnEstablishing();
            foreach (var (kind, data) in _early)
            {
                Unprotect(_inbound, kind, data);
            }

            _early.Clear();
        }
    }

    private void ReleaseInbound()
    {
        lock (_inGate)
        {
            _inbound?.Dispose();
            _inbound = null;
            _early.Clear();
        }
    }

    private void Unprotect(SrtpContext inbound, PacketKind kind, Memory<byte> packet)
    {
        if (kind == PacketKind.Rtp)
        {
            var result = inbound.UnprotectRtp(packet.Span, out var length);
            if (result != SrtpResult.Ok)
            {
                WebRtcLog.SrtpRejected(Context.Logger, Id, "RTP", result);
                return;
            }

            Interlocked.Increment(ref _inboundRtpPackets);
            OnRtp(packet[..length]);
        }
        else if (kind == PacketKind.Rtcp)
        {
            var result = inbound.UnprotectRtcp(packet.Span, out var length);
            if (result != SrtpResult.Ok)
            {
                WebRtcLog.SrtpRejected(Context.Logger, Id, "RTCP", result);
                return;
            }

            Interlocked.Increment(ref _inboundRtcpPackets);
            OnRtcp(packet[..length]);
        }
    }

    private void SendDtls(ReadOnlyMemory<byte> datagram)
    {
        if (_path is { } path)
        {
            path.Send(datagram.Span);
            Interlocked.Add(ref _outboundBytes, datagram.Length);
        }
    }
}
