using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Net;
using MediaBroker.Streams.Rtp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// UDP multicast readers: each track of a stream read over multicast gets a group from <c>multicastIPRange</c>;
/// one sender per stream sends each packet once to the group, however many readers joined it.
/// </summary>
internal sealed class RtspMulticast : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<MediaStream, StreamGroups> _streams = [];
    private readonly HashSet<uint> _used = [];
    private readonly uint _first;
    private readonly uint _count;
    private readonly Socket _socket;
    private readonly ILogger _logger;

    public RtspMulticast(string range, int rtpPort, int rtcpPort, ILogger logger)
    {
        if (!IpNetwork.TryParse(range, out var network) || network.Prefix.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"invalid multicastIPRange '{range}'", nameof(range));
        }

        _first = BinaryPrimitives.ReadUInt32BigEndian(network.Prefix.GetAddressBytes());
        _count = network.PrefixLength >= 32 ? 1u : (uint)Math.Min(1L << (32 - network.PrefixLength), uint.MaxValue);
        RtpPort = rtpPort;
        RtcpPort = rtcpPort;
        _logger = logger;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, Ttl);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
    }

    public int RtpPort { get; }

    public int RtcpPort { get; }

    public int Ttl => 16;

    /// <summary>The group of one track, allocated on first use.</summary>
    public IPAddress GroupOf(MediaStream stream, int track)
    {
        lock (_gate)
        {
            return Groups(stream).Addresses[track].Address;
        }
    }

    public void AddReader(MediaStream stream, RtpStreamEncoder encoder)
    {
        lock (_gate)
        {
            var g = Groups(stream);
            if (g.Readers++ == 0)
            {
                g.Queue = encoder.Packets.Subscribe(stream.ReaderOptions("rtsp multicast"));
                g.Encoder = encoder;
                g.Sender = SendAsync(g);
            }
        }
    }

    public void RemoveReader(MediaStream stream)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var g) || --g.Readers > 0)
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

            _streams.Remove(stream);
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

                var buffer = new byte[RtcpWriter.SenderReportLength(0)];
                RtcpWriter.WriteSenderReport(buffer, state.BuildSenderReport(now));
                TrySend(buffer, new IPEndPoint(g.Addresses[i].Address, RtcpPort));
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private StreamGroups Groups(MediaStream stream)
    {
        if (_streams.TryGetValue(stream, out var g))
        {
            return g;
        }

        var addresses = new IPEndPoint[stream.Tracks.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new IPEndPoint(Allocate(), RtpPort);
        }

        g = new StreamGroups(addresses);
        _streams.Add(stream, g);
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
        await Task.Yield();
        var reader = g.Queue!.Reader;
        var targets = Array.ConvertAll(g.Addresses, a => a.Serialize());
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                foreach (var packet in item.Packets)
                {
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

    private void TrySend(byte[] packet, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(packet, to);
        }
        catch (SocketException)
        {
            // Reports are best effort.
        }
    }

    private sealed class StreamGroups(IPEndPoint[] addresses)
    {
        public IPEndPoint[] Addresses { get; } = addresses;

        public int Readers { get; set; }

        public ReaderQueue<RtpUnitPackets>? Queue { get; set; }

        public RtpStreamEncoder? Encoder { get; set; }

        public Task? Sender { get; set; }
    }
}
