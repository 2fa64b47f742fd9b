using System.Buffers;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

public sealed partial class RtspSource
{
    /// <summary>
    /// Decodes the upstream's RTP into the path's stream, or (rtspDemuxMpegts) feeds its MPEG-TS track to the demuxer.
    /// UDP tracks arrive on several tasks, hence the lock.
    /// </summary>
    private sealed class Receiver
    {
        private readonly MediaStream? _stream;
        private readonly RtspMpegTsDemux? _mpegTs;
        private readonly List<RtpUnitDecoder> _decoders;

        private readonly Lock _gate = new();
        private readonly List<Unit> _units = [];
        private readonly long[] _reportedErrors;
        private readonly List<RtcpPacket> _rtcp = [];
        private readonly uint[] _lastSsrc;
        private readonly uint _ownSsrc = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        private long _packets;
        private long _lastPacketTicks;

        public Receiver(MediaStream stream, List<RtpUnitDecoder> decoders)
            : this(decoders)
        {
            _stream = stream;
        }

        public Receiver(RtspMpegTsDemux mpegTs, List<RtpUnitDecoder> decoders)
            : this(decoders)
        {
            _mpegTs = mpegTs;
        }

        private Receiver(List<RtpUnitDecoder> decoders)
        {
            _decoders = decoders;
            _reportedErrors = new long[decoders.Count];
            _lastSsrc = new uint[decoders.Count];
        }

        public long Packets => Interlocked.Read(ref _packets);

        public long LastPacketTicks => Interlocked.Read(ref _lastPacketTicks);

        public void OnInterleaved(byte channel, ReadOnlySequence<byte> payload)
        {
            var track = channel / 2;
            if (track >= _decoders.Count)
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
                    if (_mpegTs is not null)
                    {
                        _mpegTs.Push(packet, System.Diagnostics.Stopwatch.GetTimestamp());
                        return;
                    }

                    _units.Clear();
                    _decoders[track].Decode(packet, _units);
                }
                catch (RtpProtocolException)
                {
                    (_stream ?? _mpegTs?.Stream)?.ReportFrameInError();
                    return;
                }

                var stream = _stream!;
                foreach (var unit in _units)
                {
                    stream.WriteUnit(unit);
                }

                for (var errors = _decoders[track].FramesInError; _reportedErrors[track] < errors; _reportedErrors[track]++)
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
                if (_decoders[track].Statistics.Received == 0)
                {
                    return null;
                }

                block = _decoders[track].Statistics.BuildReportBlock(_lastSsrc[track], nowTicks);
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
                        _decoders[track].OnSenderReport(sr, System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                }
            }
        }
    }
}
