using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspSession
{
    /// <summary>UDP packets held while waiting for a missing one (RFC 3550 does not promise order).</summary>
    private const int ReorderDepth = 16;

    private PublisherLease? _publisher;
    private MediaStream? _publishedStream;
    private bool _demuxMpegTs;
    private RtspMpegTsDemux? _mpegTs;
    private RecordTrack[] _recordTracks = [];
    private long _inboundBytes;
    private long _inboundRtpPackets;
    private long _inboundRtpInError;
    private long _inboundRtcpPackets;

    internal IReadOnlyList<string?> RecordControls => Array.ConvertAll(_recordTracks, t => t.Control);

    internal IReadOnlyList<Track> RecordTracks => Array.ConvertAll(_recordTracks, t => t.Track);

    private long InboundLost
    {
        get
        {
            long n = 0;
            foreach (var t in _recordTracks)
            {
                n += Math.Max(0, t.Decoder.Statistics.CumulativeLost);
            }

            return n;
        }
    }

    private double InboundJitter
    {
        get
        {
            double j = 0;
            foreach (var t in _recordTracks)
            {
                j = Math.Max(j, t.Decoder.Statistics.Jitter);
            }

            return j;
        }
    }

    /// <summary>ANNOUNCE accepted: the session holds the path and knows the tracks it will publish.</summary>
    internal void PrepareRecord(PublisherLease lease, SessionDescription sdp, IReadOnlyList<Track> tracks, IReadOnlyList<SdpFormat?> formats)
    {
        _publisher = lease;
        var time = new RtpTimeDecoder();
        var absoluteTime = RtpAbsoluteTime.For(lease.Path.Conf.UseAbsoluteTimestamp, _logger, "[session " + SecretId + "]");
        _recordTracks = new RecordTrack[tracks.Count];
        for (var i = 0; i < tracks.Count; i++)
        {
            var f = formats[i];
            _recordTracks[i] = new RecordTrack(
                tracks[i],
                new RtpUnitDecoder(tracks[i], time.AddTrack(tracks[i].ClockRate), f?.EncodingName, f?.Parameters, absoluteTime),
                sdp.Media[i].Control);
        }

        _demuxMpegTs = RtspMpegTsDemux.Applies(lease.Path.Conf, formats);
        InitTracks(tracks.Count);
        State = RtspSessionState.PreRecord;
    }

    /// <summary>RECORD: the path becomes ready with the announced tracks.</summary>
    internal void StartRecording()
    {
        var isUdp = Transport == Messages.RtspLowerTransport.Udp;
        foreach (var t in _recordTracks)
        {
            t.Reorder = isUdp ? new RtpReorderBuffer(ReorderDepth) : null;
        }

        if (_demuxMpegTs)
        {
            // The path becomes ready when the demuxer has found the elementary tracks.
            var publisher = _publisher!;
            _mpegTs = new RtspMpegTsDemux(_recordTracks[0].Decoder.Statistics, publisher.StartStream, _logger, "[session " + SecretId + "]");
        }
        else
        {
            _publishedStream = _publisher!.StartStream(RecordTracks);
            _publishedStream.SetKeyFrameHandler(RequestKeyFrameFromPublisher);
        }

        State = RtspSessionState.Recording;
        Touch();
    }

    /// <summary>One RTP packet of a publisher (UDP receive loop or the connection's read loop).</summary>
    internal void OnRtp(int trackIndex, byte[] datagram, bool reorder)
    {
        var stream = _publishedStream;
        var mpegTs = _mpegTs;
        if ((uint)trackIndex >= (uint)_recordTracks.Length || (stream is null && mpegTs is null))
        {
            return;
        }

        Interlocked.Increment(ref _inboundRtpPackets);
        Interlocked.Add(ref _inboundBytes, datagram.Length);
        RtpPacket packet;
        try
        {
            if (!RtpPacket.TryParse(datagram, out packet))
            {
                Interlocked.Increment(ref _inboundRtpInError);
                return;
            }
        }
        catch (RtpProtocolException ex)
        {
            Interlocked.Increment(ref _inboundRtpInError);
            RtspLog.PacketInError(_logger, SecretId, ex.Message);
            return;
        }

        var track = _recordTracks[trackIndex];
        lock (track)
        {
            track.LastSsrc = packet.Ssrc;
            if (reorder && track.Reorder is { } buffer)
            {
                track.Ordered.Clear();
                buffer.Push(packet, track.Ordered);
                foreach (var p in track.Ordered)
                {
                    Ingest(track, p, stream, mpegTs);
                }
            }
            else
            {
                Ingest(track, packet, stream, mpegTs);
            }
        }
    }

    private static void Ingest(RecordTrack track, in RtpPacket packet, MediaStream? stream, RtspMpegTsDemux? mpegTs)
    {
        if (mpegTs is not null)
        {
            mpegTs.Push(packet, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        else if (stream is not null)
        {
            Decode(track, packet, stream);
        }
    }

    private static void Decode(RecordTrack track, in RtpPacket packet, MediaStream stream)
    {
        track.Units.Clear();
        track.Decoder.Decode(packet, track.Units);
        foreach (var unit in track.Units)
        {
            stream.WriteUnit(unit);
        }

        var errors = track.Decoder.FramesInError;
        for (; track.ReportedErrors < errors; track.ReportedErrors++)
        {
            stream.ReportFrameInError();
        }
    }

    private void OnRtcp(int trackIndex, byte[] datagram)
    {
        Interlocked.Increment(ref _inboundRtcpPackets);
        if ((uint)trackIndex >= (uint)_recordTracks.Length)
        {
            return; // a reader's receiver report: it only keeps the session alive
        }

        var packets = new List<RtcpPacket>();
        try
        {
            RtcpParser.ParseCompound(datagram, packets);
        }
        catch (RtpProtocolException)
        {
            return;
        }

        var track = _recordTracks[trackIndex];
        foreach (var p in packets)
        {
            if (p is RtcpSenderReport sr)
            {
                lock (track)
                {
                    track.Decoder.OnSenderReport(sr, System.Diagnostics.Stopwatch.GetTimestamp());
                }
            }
        }
    }

    private void StopRecording()
    {
        _publisher?.Dispose();
        _publisher = null;
    }

    private sealed class RecordTrack(Track track, RtpUnitDecoder decoder, string? control)
    {
        public Track Track { get; } = track;

        public RtpUnitDecoder Decoder { get; } = decoder;

        public string? Control { get; } = control;

        public RtpReorderBuffer? Reorder { get; set; }

        public List<RtpPacket> Ordered { get; } = [];

        public List<Unit> Units { get; } = [];

        public long ReportedErrors { get; set; }

        public uint LastSsrc { get; set; }
    }
}
