using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Net;
using MediaBroker.Protocols.Rtsp.Mikey;
using MediaBroker.Streams.Rtp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// UDP multicast readers: each track of a stream read over multicast gets a group from <c>multicastIPRange</c>;
/// one sender per stream sends each packet once to the group, however many readers joined it. RTP/SAVP readers
/// (RTSPS) get groups of their own on <c>multicastSRTPPort</c>/<c>multicastSRTCPPort</c>: one SRTP key per track,
/// shared by every reader of the group (it is handed out in the SETUP response's KeyMgmt), and one SRTP context
/// per track that protects each packet once.
/// </summary>
internal sealed class RtspMulticast : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(MediaStream Stream, bool Secure), StreamGroups> _streams = [];
    private readonly HashSet<uint> _used = [];
    private readonly uint _first;
    private readonly uint _count;
    private readonly Socket _socket;
    private readonly ILogger _logger;

    public RtspMulticast(string range, int rtpPort, int rtcpPort, ILogger logger, int srtpPort = 8006, int srtcpPort = 8007)
    {
        if (!IpNetwork.TryParse(range, out var network) || network.Prefix.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"invalid multicastIPRange '{range}'", nameof(range));
        }

        _first = BinaryPrimitives.ReadUInt32BigEndian(network.Prefix.GetAddressBytes());
        _count = network.PrefixLength >= 32 ? 1u : (uint)Math.Min(1L << (32 - network.PrefixLength), uint.MaxValue);
        RtpPort = rtpPort;
        RtcpPort = rtcpPort;
        SrtpPort = srtpPort;
        SrtcpPort = srtcpPort;
        _logger = logger;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, Ttl);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
    }

    public int RtpPort { get; }

    public int RtcpPort { get; }

    /// <summary><c>multicastSRTPPort</c>/<c>multicastSRTCPPort</c>: the ports of the SAVP groups.</summary>
    public int SrtpPort { get; }

    public int SrtcpPort { get; }

    public int Ttl => 16;

    /// <summary>
    /// The group of one track, allocated on first use, and for SAVP the track's key (its SSRC and current rollover
    /// counter in the MIKEY crypto-session map) that every reader of the group decrypts with.
    /// </summary>
    public (IPAddress Group, MikeyMessage? Key) Join(MediaStream stream, RtpStreamEncoder encoder, int track, bool secure)
    {
        lock (_gate)
        {
            var g = Groups(stream, encoder, secure);
            return (g.Addresses[track].Address, g.KeyOf(track));
        }
    }

    public void AddReader(MediaStream stream, RtpStreamEncoder encoder, bool secure)
    {
        lock (_gate)
        {
            var g = Groups(stream, encoder, secure);
            if (g.Readers++ == 0)
            {
                g.Queue = encoder.Packets.Subscribe(stream.ReaderOptions("rtsp multicast"));
                g.Encoder = encoder;
                g.Sender = SendAsync(g);
            }
        }
    }

    public void RemoveReader(MediaStream stream, bool secure)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue((stream, secure), out var g) || --g.Readers > 0)
            {
                return;
            }

            if (g.Queue is { } q)
            {
                g.Encoder!.Packets.Unsubscribe(q);
            }

            foreach (var a in g.Addresses)
            {
                _used.Remove(BinaryPrimitives.ReadUInt32BigEndian(a.Address.GetAddressBytes()));
            }

            _streams.Remove((stream, secure));
            if (g.Sender is null)
            {
                g.DisposeContexts();
            }
        }
    }

    /// <summary>Sender reports to every group, so that multicast readers can sync tracks.</summary>
    public void SendReports(DateTime now)
    {
        List<StreamGroups> groups;
        lock (_gate)
        {
            groups = [.. _streams.Values.Where(g => g.Encoder is not null)];
        }

        foreach (var g in groups)
        {
            for (var i = 0; i < g.Addresses.Length; i++)
            {
                var state = g.Encoder!.GetTrackState(i);
                if (!state.HasSent)
                {
                    continue;
                }

                int length = RtcpWriter.SenderReportLength(0);
                var buffer = new byte[length + SrtpProfile.Aes128CmHmacSha1_80.RtcpOverhead()];
                RtcpWriter.WriteSenderReport(buffer, state.BuildSenderReport(now));
                if (g.RtcpOut is { } contexts)
                {
                    lock (contexts[i])
                    {
                        if (g.ContextsDisposed)
                        {
                            continue;
                        }

                        length = contexts[i].ProtectRtcp(buffer, length);
                    }
                }

                TrySend(buffer.AsMemory(0, length), new IPEndPoint(g.Addresses[i].Address, g.RtcpPort));
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private StreamGroups Groups(MediaStream stream, RtpStreamEncoder encoder, bool secure)
    {
        if (_streams.TryGetValue((stream, secure), out var g))
        {
            return g;
        }

        var addresses = new IPEndPoint[stream.Tracks.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new IPEndPoint(Allocate(), secure ? SrtpPort : RtpPort);
        }

        g = new StreamGroups(addresses, secure ? SrtcpPort : RtcpPort);
        if (secure)
        {
            g.CreateKeys(encoder, DateTimeOffset.UtcNow);
        }

        _streams.Add((stream, secure), g);
        return g;
    }

    private IPAddress Allocate()
    {
        // Skip the network address itself; wrap around the range.
        for (uint i = 1; i < _count; i++)
        {
            var candidate = _first + i;
            if (_used.Add(candidate))
            {
                var bytes = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, candidate);
                return new IPAddress(bytes);
            }
        }

        throw new InvalidOperationException("multicastIPRange is exhausted");
    }

    private async Task SendAsync(StreamGroups g)
    {
        try
        {
            await SendPacketsAsync(g).ConfigureAwait(false);
        }
        finally
        {
            g.DisposeContexts();
        }
    }

    private async Task SendPacketsAsync(StreamGroups g)
    {
        await Task.Yield();
        var reader = g.Queue!.Reader;
        var targets = Array.ConvertAll(g.Addresses, a => a.Serialize());

        // SAVP: each shared packet is protected once into this buffer, which the send finishes with before the next.
        var scratch = g.RtpOut is null ? null : new byte[65536];
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                foreach (var shared in item.Packets)
                {
                    var packet = shared;
                    if (g.RtpOut is { } contexts)
                    {
                        shared.Span.CopyTo(scratch);
                        packet = scratch.AsMemory(0, contexts[item.TrackId].ProtectRtp(scratch, shared.Length));
                        g.PublishRolloverCounter(item.TrackId);
                    }

                    try
                    {
                        await _socket.SendToAsync(packet, SocketFlags.None, targets[item.TrackId]).ConfigureAwait(false);
                    }
                    catch (SocketException ex)
                    {
                        RtspLog.MulticastUnavailable(_logger, ex.SocketErrorCode.ToString());
                        return;
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            }
        }
    }

    private void TrySend(ReadOnlyMemory<byte> packet, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(packet.Span, to);
        }
        catch (SocketException)
        {
            // Reports are best effort.
        }
    }

    private sealed class StreamGroups(IPEndPoint[] addresses, int rtcpPort)
    {
        // The rollover counter each track's sender context reached, for the keys of readers that join late.
        private uint[]? _rocs;

        public IPEndPoint[] Addresses { get; } = addresses;

        public int RtcpPort { get; } = rtcpPort;

        /// <summary>SAVP groups: each track's MIKEY message, and the contexts that protect what the group is sent.</summary>
        private MikeyMessage[]? Keys { get; set; }

        public SrtpContext[]? RtpOut { get; private set; }

        public SrtpContext[]? RtcpOut { get; private set; }

        public void CreateKeys(RtpStreamEncoder encoder, DateTimeOffset now)
        {
            _rocs = new uint[Addresses.Length];
            Keys = new MikeyMessage[Addresses.Length];
            RtpOut = new SrtpContext[Addresses.Length];
            RtcpOut = new SrtpContext[Addresses.Length];
            for (var i = 0; i < Keys.Length; i++)
            {
                var key = MikeyMessage.Create([new MikeyCryptoSession(0, encoder.GetTrackState(i).Ssrc, 0)], now);
                Keys[i] = key;
                RtpOut[i] = new SrtpContext(key.Profile, key.MasterKey, key.MasterSalt);
                RtcpOut[i] = new SrtpContext(key.Profile, key.MasterKey, key.MasterSalt);
            }
        }

        public bool ContextsDisposed { get; private set; }

        /// <summary>A track's key with the rollover counter the sender has reached, so a late reader's index matches.</summary>
        public MikeyMessage? KeyOf(int track)
        {
            if (Keys is not { } keys)
            {
                return null;
            }

            var session = keys[track].Sessions[0];
            return keys[track] with { Sessions = [session with { Roc = Volatile.Read(ref _rocs![track]) }] };
        }

        /// <summary>On the sender's task, after it protected a packet of <paramref name="track"/>.</summary>
        public void PublishRolloverCounter(int track) =>
            Volatile.Write(ref _rocs![track], RtpOut![track].GetRolloverCounter(Keys![track].Sessions[0].Ssrc));

        /// <summary>When the sender has stopped (or never started): reports take each RTCP context's lock and check first.</summary>
        public void DisposeContexts()
        {
            if (RtpOut is null || RtcpOut is null)
            {
                return;
            }

            foreach (var c in RtpOut)
            {
                c.Dispose();
            }

            foreach (var c in RtcpOut)
            {
                lock (c)
                {
                    ContextsDisposed = true;
                    c.Dispose();
                }
            }
        }

        public int Readers { get; set; }

        public ReaderQueue<RtpUnitPackets>? Queue { get; set; }

        public RtpStreamEncoder? Encoder { get; set; }

        public Task? Sender { get; set; }
    }
}
