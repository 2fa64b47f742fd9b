using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Protocols.WebRtc.Signalling;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>
/// A WHEP viewer. The stream is packetized once for every WebRTC viewer and RTSP reader by a shared
/// <see cref="RtpStreamEncoder"/>; this session only rewrites the payload type the viewer negotiated,
/// encrypts and sends. NACKed packets are resent from a history of references to those shared packets.
/// </summary>
public sealed class WebRtcReadSession : WebRtcSession, IPathReader
{
    /// <summary>Packets remembered per track for retransmission (about 1 s of 8 Mbit/s video).</summary>
    private const int HistorySize = 1024;

    private static readonly long s_senderReportInterval = Stopwatch.Frequency;

    private readonly List<RtcpPacket> _rtcp = [];
    private ReaderLease? _lease;
    private RtpStreamEncoder? _encoder;
    private Route?[] _routes = [];
    private ReaderQueue<RtpUnitPackets>? _queue;
    private long _keyFrameRequests;

    internal WebRtcReadSession(WebRtcSessionContext context, WebRtcOffer offer, AccessRequest access, IPEndPoint remoteAddr)
        : base(context, offer, access, remoteAddr)
    {
    }

    public string ApiType => "webRTCSession";

    public override string State => "read";

    /// <summary>Units this viewer lost because it could not keep up (outboundFramesDiscarded).</summary>
    public long OutboundFramesDiscarded => _queue?.Dropped ?? 0;

    /// <summary>PLI/FIR received from the viewer.</summary>
    public long KeyFrameRequests => Interlocked.Read(ref _keyFrameRequests);

    public override WebRtcSessionInfo Info => Describe(0, 0, OutboundFramesDiscarded);

    /// <summary>Connects the negotiated sections to the stream's tracks; returns our SSRC per section index.</summary>
    internal IReadOnlyDictionary<int, uint> Attach(ReaderLease lease, IReadOnlyList<NegotiatedMedia> plan)
    {
        _lease = lease;
        var stream = lease.Stream;
        // The same key RTSP readers use: one packetization serves both (the policy is in RtpPayloadSize).
        _encoder = stream.GetOrAddEncoder(new RtpEncoderKey(RtpPayloadSize.For(Context.Options.UdpMaxPayloadSize)));
        _routes = new Route?[stream.Tracks.Length];
        var ssrcs = new Dictionary<int, uint>();
        foreach (var media in plan)
        {
            if (media.StreamTrack is { } track)
            {
                var ssrc = _encoder.GetTrackState(track.Id).Ssrc;
                _routes[track.Id] = new Route(track.Id, (byte)media.PayloadType, ssrc);
                ssrcs[media.Index] = ssrc;
            }
        }

        return ssrcs;
    }

    private protected override void OnEstablishing()
    {
    }

    private protected override async Task RunEstablishedAsync(CancellationToken ct)
    {
        var stream = _lease!.Stream;
        var queue = _encoder!.Packets.Subscribe(stream.ReaderOptions("webRTCSession " + RemoteAddr));
        _queue = queue;
        var lastReport = Stopwatch.GetTimestamp();
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out var item))
                {
                    if (item.TrackId < _routes.Length && _routes[item.TrackId] is { } route)
                    {
                        Send(route, item);
                    }
                }

                var now = Stopwatch.GetTimestamp();
                if (now - lastReport >= s_senderReportInterval)
                {
                    lastReport = now;
                    SendSenderReports();
                }
            }
        }
        finally
        {
            _encoder.Packets.Unsubscribe(queue);
        }
    }

    private protected override void OnRtp(Memory<byte> packet)
    {
        // A viewer sends no media (its section is recvonly).
    }

    private protected override void OnRtcp(Memory<byte> packet)
    {
        _rtcp.Clear();
        try
        {
            RtcpParser.ParseCompound(packet, _rtcp);
        }
        catch (RtpProtocolException)
        {
            return;
        }

        foreach (var p in _rtcp)
        {
            switch (p)
            {
                case RtcpNack nack:
                    Retransmit(nack);
                    break;
                case RtcpPictureLossIndication or RtcpFullIntraRequest:
                    // Forwarded to the publisher (rate-limited per stream). Publishers that cannot produce one
                    // on demand (files, RTMP) ignore it and the viewer waits for the next key frame.
                    Interlocked.Increment(ref _keyFrameRequests);
                    if (_lease?.Stream.RequestKeyFrame() == true)
                    {
                        WebRtcLog.KeyFrameRequested(Context.Logger, Id);
                    }

                    break;
            }
        }
    }

    private protected override void OnClosed()
    {
        _lease?.Dispose();
    }

    private protected override string DescribeTracks() =>
        string.Join(", ", _lease?.Stream.Tracks.Where(t => t.Id < _routes.Length && _routes[t.Id] is not null).Select(t => t.Codec.Name) ?? []);

    private void Send(Route route, RtpUnitPackets item)
    {
        foreach (var packet in item.Packets)
        {
            var span = packet.Span;
            if (span.Length < 12)
            {
                continue;
            }

            var seq = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            lock (route.History)
            {
                route.History[seq % HistorySize] = packet;
            }

            route.Packets++;
            route.Octets += (uint)(span.Length - 12);
        }

        SendRtp(item.Packets, route.PayloadType);
    }

    private void Retransmit(RtcpNack nack)
    {
        foreach (var route in _routes)
        {
            if (route is null || route.Ssrc != nack.MediaSsrc)
            {
                continue;
            }

            foreach (var seq in nack.LostSequenceNumbers)
            {
                ReadOnlyMemory<byte> packet;
                lock (route.History)
                {
                    packet = route.History[seq % HistorySize];
                }

                // The slot may hold a newer packet by now: resend only the one asked for.
                if (packet.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]) == seq)
                {
                    SendRtp(packet.Span, route.PayloadType);
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

            var state = _encoder!.GetTrackState(route.TrackId);
            if (!state.HasSent)
            {
                continue;
            }

            // RFC 3550 §6.4.1: the RTP time extrapolated to now, with this viewer's own counters.
            var report = state.BuildSenderReport(now) with { PacketCount = route.Packets, OctetCount = route.Octets };
            SendRtcp(report, static (dst, r) =>
            {
                var n = RtcpWriter.WriteSenderReport(dst, r);
                return n + RtcpWriter.WriteSourceDescription(dst[n..], r.Ssrc, "mediabroker");
            });
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
