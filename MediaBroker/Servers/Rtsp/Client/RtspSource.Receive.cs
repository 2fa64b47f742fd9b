using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;

namespace MediaBroker.Servers.Rtsp.Client;

public sealed partial class RtspSource
{
    /// <summary>Decodes the upstream's RTP into the path's stream. UDP tracks arrive on several tasks, hence the lock.</summary>
    private sealed class Receiver(MediaStream stream, List<RtpUnitDecoder> decoders)
    {
        private readonly Lock _gate = new();
        private readonly List<Unit> _units = [];
        private readonly long[] _reportedErrors = new long[decoders.Count];
        private readonly List<RtcpPacket> _rtcp = [];
        private readonly uint[] _lastSsrc = new uint[decoders.Count];
        private readonly uint _ownSsrc = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        private long _packets;
        private long _lastPacketTicks;

        public long Packets => Interlocked.Read(ref _packets);

        public long LastPacketTicks => Interlocked.Read(ref _lastPacketTicks);

        public void OnInterleaved(byte channel, ReadOnlySequence<byte> payload)
        {
            var track = channel / 2;
            if (track >= decoders.Count)
            {
                return;
            }

            if (channel % 2 == 0)
            {
                OnRtp(track, payload.ToArray());
            }
            else
            {
                OnRtcp(track, payload.ToArray());
            }
        }

        public void OnRtp(int track, byte[] datagram)
        {
            Interlocked.Increment(ref _packets);
            Interlocked.Exchange(ref _lastPacketTicks, Environment.TickCount64);
            lock (_gate)
            {
                try
                {
                    if (!RtpPacket.TryParse(datagram, out var packet))
                    {
                        return;
                    }

                    _lastSsrc[track] = packet.Ssrc;

                    _units.Clear();
                    decoders[track].Decode(packet, _units);
                }
                catch (RtpProtocolException)
                {
                    stream.ReportFrameInError();
                    return;
                }

                foreach (var unit in _units)
                {
                    stream.WriteUnit(unit);
                }

                for (var errors = decoders[track].FramesInError; _reportedErrors[track] < errors; _reportedErrors[track]++)
                {
                    stream.ReportFrameInError();
                }
            }
        }

        /// <summary>A receiver report with an SDES CNAME for one track (RFC 3550 §6.4.2), or null before its first packet.</summary>
        public byte[]? BuildReceiverReport(int track, long nowTicks)
        {
            RtcpReportBlock block;
            lock (_gate)
            {
                if (decoders[track].Statistics.Received == 0)
                {
                    return null;
                }

                block = decoders[track].Statistics.BuildReportBlock(_lastSsrc[track], nowTicks);
            }

            var buffer = new byte[RtcpWriter.ReceiverReportLength(1) + 64];
            var n = RtcpWriter.WriteReceiverReport(buffer, new RtcpReceiverReport(_ownSsrc, [block]));
            n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), _ownSsrc, "mediabroker");
            return buffer[..n];
        }

        public void OnRtcp(int track, byte[] datagram)
        {
            lock (_gate)
            {
                _rtcp.Clear();
                try
                {
                    RtcpParser.ParseCompound(datagram, _rtcp);
                }
                catch (RtpProtocolException)
                {
                    return;
                }

                foreach (var p in _rtcp)
                {
                    if (p is RtcpSenderReport sr)
                    {
                        decoders[track].OnSenderReport(sr, System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                }
            }
        }
    }

    /// <summary>A pair of local UDP sockets per track (RTP on an even port, RTCP on the next one, RFC 3550 §11).</summary>
    private sealed class UdpPorts : IDisposable
    {
        private readonly (Socket Rtp, Socket Rtcp)[] _sockets;

        public UdpPorts(int tracks)
        {
            _sockets = new (Socket, Socket)[tracks];
            for (var i = 0; i < tracks; i++)
            {
                _sockets[i] = BindPair();
            }
        }

        public int RtpPort(int track) => ((IPEndPoint)_sockets[track].Rtp.LocalEndPoint!).Port;

        /// <summary>Sends from the track's RTCP socket, so the server sees the client_port it was told.</summary>
        public ValueTask<int> SendRtcpAsync(int track, byte[] packet, IPEndPoint to, CancellationToken ct) =>
            _sockets[track].Rtcp.SendToAsync(packet, SocketFlags.None, to, ct);

        public IEnumerable<Task> Start(Receiver receiver, CancellationToken ct)
        {
            for (var i = 0; i < _sockets.Length; i++)
            {
                var track = i;
                yield return ReceiveAsync(_sockets[i].Rtp, d => receiver.OnRtp(track, d), ct);
                yield return ReceiveAsync(_sockets[i].Rtcp, d => receiver.OnRtcp(track, d), ct);
            }
        }

        public void Dispose()
        {
            foreach (var (rtp, rtcp) in _sockets)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
            }
        }

        private static async Task ReceiveAsync(Socket socket, Action<byte[]> handle, CancellationToken ct)
        {
            var buffer = new byte[65536];
            var from = new SocketAddress(socket.AddressFamily);
            while (true)
            {
                int n;
                try
                {
                    n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue;
                }

                if (n > 0)
                {
                    handle(buffer.AsSpan(0, n).ToArray());
                }
            }
        }

        private static (Socket, Socket) BindPair()
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var port = 32768 + (Random.Shared.Next(0, (60999 - 32768) / 2) * 2);
                var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtp.Bind(new IPEndPoint(IPAddress.Any, port));
                    rtcp.Bind(new IPEndPoint(IPAddress.Any, port + 1));
                    rtp.ReceiveBufferSize = 4 * 1024 * 1024;
                    return (rtp, rtcp);
                }
                catch (SocketException)
                {
                    rtp.Dispose();
                    rtcp.Dispose();
                }
            }

            throw new IOException("no free UDP port pair for the RTSP source");
        }
    }
}
