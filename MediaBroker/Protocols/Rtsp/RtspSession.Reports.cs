using System.Diagnostics;
using System.Security.Cryptography;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspSession
{
    private const string Cname = "mediabroker";

    private readonly uint _receiverSsrc = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);

    /// <summary>Per track: whether this reader got a sender report ahead of its first packet (reset by PLAY).</summary>
    private bool[] _firstReportSent = [];

    /// <summary>The SSRC of our receiver reports to a publisher (announced in its SAVP key exchange).</summary>
    internal uint ReceiverSsrc => _receiverSsrc;

    /// <summary>Sends RTCP sender reports to a reader (RFC 3550 §6.4.1) or receiver reports to a publisher (§6.4.2).</summary>
    internal void SendReports(DateTime now)
    {
        if (IsClosed)
        {
            return;
        }

        if (State == RtspSessionState.Playing && Transport != RtspLowerTransport.UdpMulticast && _encoder is { } encoder)
        {
            for (var i = 0; i < _setups.Length; i++)
            {
                var state = encoder.GetTrackState(i);
                if (!_setups[i].IsSetup || !state.HasSent)
                {
                    continue;
                }

                SendRtcp(_setups[i], SenderReportPacket(state.BuildSenderReport(now)));
            }
        }
        else if (State == RtspSessionState.Recording)
        {
            var ticks = Stopwatch.GetTimestamp();
            for (var i = 0; i < _recordTracks.Length && i < _setups.Length; i++)
            {
                var track = _recordTracks[i];
                RtcpReportBlock block;
                lock (track)
                {
                    if (track.LastSsrc == 0 && track.Decoder.Statistics.Received == 0)
                    {
                        continue;
                    }

                    block = track.Decoder.Statistics.BuildReportBlock(track.LastSsrc, ticks);
                }

                var buffer = new byte[RtcpWriter.ReceiverReportLength(1) + 64];
                var n = RtcpWriter.WriteReceiverReport(buffer, new RtcpReceiverReport(_receiverSsrc, [block]));
                n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), _receiverSsrc, Cname);
                SendRtcp(_setups[i], buffer.AsMemory(0, n));
            }
        }
    }

    /// <summary>
    /// The sender report that goes ahead of this reader's first packet of a track, mapping that packet's RTP time to
    /// its wall-clock time; empty for every later packet. Clients that sync tracks with reports (ffmpeg) then time
    /// every track by the one mapping from its first packet on, instead of switching to it at the first periodic
    /// report, where a track that began before another would jump back. Called by the one writer of the session.
    /// </summary>
    internal ReadOnlyMemory<byte> TakeFirstReport(RtpUnitPackets item)
    {
        var sent = _firstReportSent;
        var id = item.TrackId;
        if ((uint)id >= (uint)sent.Length || sent[id] || _encoder is not { } encoder)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        sent[id] = true;
        var state = encoder.GetTrackState(id);
        var sr = new RtcpSenderReport(state.Ssrc, NtpTime64.FromDateTime(item.NtpTime), item.RtpTimestamp, state.PacketCount, state.OctetCount, []);
        Interlocked.Increment(ref _outboundRtcpPackets);
        var packet = SenderReportPacket(sr);
        return _setups[id].Srtp is { } srtp ? srtp.ProtectRtcp(packet) : packet;
    }

    /// <summary>A sender report with our CNAME (RFC 3550 §6.1: every compound packet carries an SDES).</summary>
    private static ReadOnlyMemory<byte> SenderReportPacket(RtcpSenderReport sr)
    {
        var buffer = new byte[RtcpWriter.SenderReportLength(0) + 64];
        var n = RtcpWriter.WriteSenderReport(buffer, sr);
        n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), sr.Ssrc, Cname);
        return buffer.AsMemory(0, n);
    }

    private void SendRtcp(RtspTrackSetup setup, ReadOnlyMemory<byte> packet)
    {
        Interlocked.Increment(ref _outboundRtcpPackets);
        if (setup.Srtp is { } srtp)
        {
            packet = srtp.ProtectRtcp(packet);
        }

        if (Transport == RtspLowerTransport.Tcp)
        {
            Connection.EnqueueInterleaved(setup.RtcpChannel, packet);
        }
        else if (setup.RtcpKey is { } to && _server.UdpFor(IsSecure) is { } udp)
        {
            _ = SendUdpRtcpAsync(udp, packet, to);
        }
    }

    private async Task SendUdpRtcpAsync(RtspUdpListener udp, ReadOnlyMemory<byte> packet, System.Net.SocketAddress to)
    {
        try
        {
            await udp.SendRtcpAsync(packet, to, _closed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // A report lost is harmless; the next one follows.
        }
    }

    /// <summary>A reader (a WebRTC viewer's PLI, say) needs a key frame: ask the RTSP publisher with an RTCP PLI (RFC 4585 §6.3.1).</summary>
    private void RequestKeyFrameFromPublisher()
    {
        for (var i = 0; i < _recordTracks.Length && i < _setups.Length; i++)
        {
            var track = _recordTracks[i];
            uint mediaSsrc;
            lock (track)
            {
                mediaSsrc = track.LastSsrc;
            }

            if (track.Track.Kind != MediaBroker.Codecs.MediaKind.Video || mediaSsrc == 0 || !_setups[i].IsSetup)
            {
                continue;
            }

            var buffer = new byte[16];
            var n = RtcpWriter.WritePictureLossIndication(buffer, _receiverSsrc, mediaSsrc);
            SendRtcp(_setups[i], buffer.AsMemory(0, n));
        }
    }
}
