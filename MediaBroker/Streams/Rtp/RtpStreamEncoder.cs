using System.Security.Cryptography;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Formats.Rtp;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// Encode once per stream for RTSP and WebRTC readers: each unit becomes RTP packets once, shared by every
/// reader through <see cref="Packets"/>. A unit that arrived over RTP is forwarded (payloads copied behind a
/// new header with this track's SSRC, sequence, timestamp and payload type) when its packets fit
/// <c>maxPayloadSize</c> and nothing must be added; otherwise it is packetized. Obtain it with
/// <c>stream.GetOrAddEncoder(new RtpEncoderKey(RtpPayloadSize.For(udpMaxPayloadSize)))</c>:
/// every RTP reader of a stream, RTSP or WebRTC, then shares one packetization. An encoder created while the stream
/// runs starts from the stream's cached group of pictures (<see cref="EncoderPriming"/>), so its first reader too
/// starts at the last key frame.
/// </summary>
public sealed class RtpStreamEncoder : IStreamEncoder
{
    private const int GopCacheLimit = 1024;

    private readonly TrackSender[] _tracks;
    private EncoderPriming? _priming;

    /// <param name="maxPayloadSize">RTP payload bytes per packet, header excluded (see <see cref="RtpPayloadSize"/>).</param>
    public RtpStreamEncoder(MediaStream stream, int maxPayloadSize)
    {
        _tracks = new TrackSender[stream.Tracks.Length];
        var clock = new RtpSenderClock();
        foreach (var track in stream.Tracks)
        {
            _tracks[track.Id] = new TrackSender(track, maxPayloadSize, clock);
        }

        Packets = new Fanout<RtpUnitPackets>(stream.HasVideo ? GopCacheLimit : 0);
        _priming = EncoderPriming.Start(stream, "rtp encoder priming", Encode);
    }

    /// <summary>The shared packets; each reader subscribes with <c>stream.ReaderOptions(name)</c>.</summary>
    public Fanout<RtpUnitPackets> Packets { get; }

    /// <summary>Payload type announced for a track (static where RFC 3551 has one, else 96 + track id).</summary>
    public byte PayloadType(int trackId) => _tracks[trackId].PayloadType;

    /// <summary>A consistent snapshot of a track's sender state (RTP-Info, RTCP SR).</summary>
    public RtpTrackSenderState GetTrackState(int trackId) => _tracks[trackId].Snapshot();

    public void Write(Unit unit)
    {
        if (_priming is { } priming)
        {
            _priming = null;
            if (priming.Finish(unit, Encode))
            {
                return;
            }
        }

        Encode(unit);
    }

    private void Encode(Unit unit)
    {
        var sender = _tracks[unit.Track.Id];
        if (sender.Encode(unit) is { } item)
        {
            Packets.Publish(item);
        }
    }

    public void Complete() => Packets.Complete();

    private sealed class TrackSender
    {
        private readonly Lock _gate = new();
        private readonly Track _track;
        private readonly RtpSenderClock _clock;
        private readonly RtpPacketizer? _packetizer;
        private readonly RtpPacketizer _forwarder;
        private readonly uint _initialTimestamp = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        private readonly int _maxPayloadSize;
        private int _codecVersion = -1;
        private uint _lastTimestamp;
        private DateTime _lastNtp;

        public TrackSender(Track track, int maxPayloadSize, RtpSenderClock clock)
        {
            _track = track;
            _clock = clock;
            _maxPayloadSize = maxPayloadSize;
            PayloadType = (byte)(SdpCodecMapper.StaticPayloadType(track.Codec) ?? (96 + (track.Id % 32)));
            var options = new RtpPacketizerOptions { PayloadType = PayloadType, MaxPayloadSize = maxPayloadSize };
            _packetizer = RtpPayloadFormats.CreatePacketizer(track.Codec, options);
            _forwarder = _packetizer ?? new PassthroughPacketizer(options);
        }

        public byte PayloadType { get; }

        public RtpUnitPackets? Encode(Unit unit)
        {
            if (_track.Version != _codecVersion)
            {
                _codecVersion = _track.Version;
                _packetizer?.UpdateCodec(_track.Codec);
            }

            var timestamp = unchecked(_initialTimestamp + (uint)unit.Pts);
            var ntp = _clock.TimeOf(unit);
            ReadOnlyMemory<byte>[] packets;
            lock (_gate)
            {
                if (unit.RtpPackets is { } rtp && CanForward(unit, rtp))
                {
                    packets = _forwarder.Forward(rtp, timestamp);
                }
                else if (_packetizer is not null && unit.Payloads.Length > 0)
                {
                    packets = _packetizer.Packetize(unit.Payloads, timestamp);
                }
                else
                {
                    return null;
                }

                _lastTimestamp = timestamp;
                _lastNtp = ntp;
            }

            return new RtpUnitPackets
            {
                TrackId = _track.Id,
                Packets = packets,
                RtpTimestamp = timestamp,
                NtpTime = ntp,
                IsVideo = unit.IsVideo,
                IsKeyFrame = unit.IsKeyFrame,
            };
        }

        public RtpTrackSenderState Snapshot()
        {
            lock (_gate)
            {
                return new RtpTrackSenderState(
                    PayloadType, _forwarder.Ssrc, _track.ClockRate, _forwarder.NextSequenceNumber, _lastTimestamp, _lastNtp, _forwarder.PacketCount, _forwarder.OctetCount);
            }
        }

        private bool CanForward(Unit unit, ReadOnlyMemory<byte>[] rtp)
        {
            if (_packetizer is null)
            {
                return true;
            }

            foreach (var raw in rtp)
            {
                if (!RtpPacket.TryParse(raw, out var p) || p.Payload.Length > _maxPayloadSize)
                {
                    return false;
                }
            }

            // A key frame without in-band parameter sets is repacketized so joining readers get them.
            return !unit.IsRandomAccess || _track.Codec switch
            {
                H264Codec { Sps: not null, Pps: not null } => HasNal(unit.Payloads, static n => (n[0] & 0x1F) == 7),
                H265Codec { Vps: not null, Sps: not null, Pps: not null } => HasNal(unit.Payloads, static n => ((n[0] >> 1) & 0x3F) == 33),
                _ => true,
            };
        }

        private static bool HasNal(ReadOnlyMemory<byte>[] payloads, Func<ReadOnlySpan<byte>, bool> match)
        {
            foreach (var p in payloads)
            {
                if (p.Length > 1 && match(p.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Sender for tracks we only forward (generic codecs): numbering without a payload format.</summary>
    private sealed class PassthroughPacketizer(RtpPacketizerOptions options) : RtpPacketizer(options)
    {
        protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
        {
        }
    }
}
