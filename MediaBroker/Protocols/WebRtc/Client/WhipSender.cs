using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// The media half of a <see cref="WhipPusher"/>: a <see cref="WhepClientTransport"/> towards the answer's host
/// candidate, and the stream's shared RTP packets (the <see cref="RtpStreamEncoder"/> RTSP readers and WHEP viewers
/// use) sent on it with the payload types the answer chose. Sender reports go out every second; PLI/FIR from the
/// server ask the publisher for a key frame; NACKed packets are resent from a short history.
/// </summary>
internal sealed class WhipSender : IWhepPacketHandler, IAsyncDisposable
{
    /// <summary>Room for one RTP packet of the WebRTC payload size plus the largest SRTP tag.</summary>
    private const int ScratchSize = 1500 + 64;

    /// <summary>Packets remembered per track for retransmission (about 1 s of 4 Mbit/s video).</summary>
    private const int HistorySize = 512;

    private static readonly long s_senderReportInterval = Stopwatch.Frequency;

    private readonly StreamPushContext _context;
    private readonly RtpStreamEncoder _encoder;
    private readonly WhipPusherOptions _options;
    private readonly WhepClientTransport _transport;
    private readonly Route?[] _routes;
    private readonly byte[] _scratch = new byte[ScratchSize];
    private readonly List<RtcpPacket> _rtcp = [];

    // NACKs arrive on the receive loop; retransmissions go out from the send loop, which owns the SRTP context.
    private readonly ConcurrentQueue<(uint Ssrc, ushort Seq)> _nacked = new();
    private long _keyFrameRequests;

    public WhipSender(
        StreamPushContext context,
        RtpStreamEncoder encoder,
        IReadOnlyList<WhipTrack> tracks,
        IReadOnlyDictionary<int, byte> payloadTypes,
        SessionDescription answer,
        IceCredentials ice,
        DtlsCertificate certificate,
        WhipPusherOptions options)
    {
        _context = context;
        _encoder = encoder;
        _options = options;
        _routes = new Route?[context.Stream.Tracks.Length];
        foreach (var t in tracks)
        {
            if (payloadTypes.TryGetValue(t.Track.Id, out var pt))
            {
                _routes[t.Track.Id] = new Route(t.Track.Id, pt, t.Ssrc);
            }
        }

        _transport = new WhepClientTransport(
            WhepAnswer.Parse(answer), ice, certificate, this,
            new WhepClientOptions { IdleTimeout = options.IdleTimeout, ReceiveBufferSize = options.UdpReadBufferSize, ServerName = "WHIP server" });
    }

    /// <summary>PLI/FIR received from the server.</summary>
    public long KeyFrameRequests => Interlocked.Read(ref _keyFrameRequests);

    /// <summary>Connects, then sends until the stream ends (returns), <paramref name="ct"/> is cancelled, or the server goes away (throws).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await _transport.ConnectAsync(_options.HandshakeTimeout, ct).ConfigureAwait(false);

        // Subscribing after the handshake: the queue starts with the cached GOP, so the server's first video is a key frame.
        var packets = _encoder.Packets;
        var queue = packets.Subscribe(_context.Stream.ReaderOptions("whip push " + _context.PathName));
        _context.SetSending();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var send = SendLoopAsync(queue, stop.Token);
        var receive = _transport.RunAsync(_options.ConsentInterval, stop.Token);
        try
        {
            var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (first == send)
            {
                await send.ConfigureAwait(false); // the stream ended, or the send loop failed
                return;
            }

            await receive.ConfigureAwait(false);
            throw new IOException("the WHIP server closed the connection");
        }
        catch (TimeoutException ex)
        {
            throw new IOException($"the WHIP server stopped answering ({ex.Message} for {_options.IdleTimeout.TotalSeconds:0.#} s)", ex);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(send, receive).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            packets.Unsubscribe(queue);
        }
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    public void OnRtp(Memory<byte> packet, long receivedAt)
    {
        // The server's sections are recvonly: it sends no media.
    }

    public void OnRtcp(Memory<byte> packet, long receivedAt)
    {
        _rtcp.Clear();
        try
        {
            RtcpParser.ParseCompound(packet, _rtcp); // read before returning: no copy needed
        }
        catch (RtpProtocolException)
        {
            return;
        }

        foreach (var p in _rtcp)
        {
            switch (p)
            {
                case RtcpPictureLossIndication or RtcpFullIntraRequest:
                    // Publishers that cannot make one on demand ignore it; the server then waits for the next key frame.
                    Interlocked.Increment(ref _keyFrameRequests);
                    WhipLog.KeyFrameRequested(_context.Logger, _context.PathName, _context.Stream.RequestKeyFrame());
                    break;
                case RtcpNack nack:
                    foreach (var seq in nack.LostSequenceNumbers)
                    {
                        _nacked.Enqueue((nack.MediaSsrc, seq));
                    }

                    break;
            }
        }
    }

    public void OnSrtpError(PacketKind kind, SrtpResult result)
    {
        // Dropped: a replayed or corrupt RTCP packet is no reason to end the push.
    }

    private async Task SendLoopAsync(ReaderQueue<RtpUnitPackets> queue, CancellationToken ct)
    {
        var lastReport = Stopwatch.GetTimestamp();
        while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (queue.Reader.TryRead(out var item))
            {
                if (item.TrackId < _routes.Length && _routes[item.TrackId] is { } route)
                {
                    foreach (var packet in item.Packets)
                    {
                        Send(route, packet, remember: true);
                    }
                }
            }

            Retransmit();
            var now = Stopwatch.GetTimestamp();
            if (now - lastReport >= s_senderReportInterval)
            {
                lastReport = now;
                SendSenderReports();
            }
        }
    }

    /// <summary>Copies the shared packet behind the negotiated payload type, encrypts the copy and sends it.</summary>
    private void Send(Route route, ReadOnlyMemory<byte> packet, bool remember)
    {
        var span = packet.Span;
        if (span.Length < RtpPayloadSize.HeaderSize || span.Length + 64 > ScratchSize)
        {
            return;
        }

        span.CopyTo(_scratch);
        _scratch[1] = (byte)((_scratch[1] & 0x80) | route.PayloadType);
        var sent = _transport.SendRtp(_scratch, span.Length);
        _context.AddOutboundBytes(sent);
        if (remember)
        {
            route.History[BinaryPrimitives.ReadUInt16BigEndian(span[2..]) % HistorySize] = packet;
            route.Packets++;
            route.Octets += (uint)(span.Length - RtpPayloadSize.HeaderSize);
        }
    }

    private void Retransmit()
    {
        while (_nacked.TryDequeue(out var lost))
        {
            foreach (var route in _routes)
            {
                if (route is null || route.Ssrc != lost.Ssrc)
                {
                    continue;
                }

                // The slot may hold a newer packet by now: resend only the one asked for.
                var packet = route.History[lost.Seq % HistorySize];
                if (packet.Length >= RtpPayloadSize.HeaderSize && BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]) == lost.Seq)
                {
                    Send(route, packet, remember: false);
                }
            }
        }
    }

    private void SendSenderReports()
    {
        var now = DateTime.UtcNow;
        foreach (var route in _routes)
        {
            if (route is null || route.Packets == 0)
            {
                continue;
            }

            var state = _encoder.GetTrackState(route.TrackId);
            if (!state.HasSent)
            {
                continue;
            }

            // RFC 3550 §6.4.1: the RTP time extrapolated to now, with this push's own counters.
            var report = state.BuildSenderReport(now) with { PacketCount = route.Packets, OctetCount = route.Octets };
            var n = RtcpWriter.WriteSenderReport(_scratch, report);
            n += RtcpWriter.WriteSourceDescription(_scratch.AsSpan(n, ScratchSize - 64 - n), report.Ssrc, WhipPusher.CanonicalName);
            _context.AddOutboundBytes(_transport.SendRtcp(_scratch, n));
        }
    }

    private sealed class Route(int trackId, byte payloadType, uint ssrc)
    {
        public int TrackId { get; } = trackId;

        public byte PayloadType { get; } = payloadType;

        public uint Ssrc { get; } = ssrc;

        public ReadOnlyMemory<byte>[] History { get; } = new ReadOnlyMemory<byte>[HistorySize];

        public uint Packets { get; set; }

        public uint Octets { get; set; }
    }
}
