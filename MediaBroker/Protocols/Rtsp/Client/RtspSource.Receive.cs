using System.Buffers;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

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
}
