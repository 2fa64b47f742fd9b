using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Signalling;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>
/// A WHIP publisher (browser page, OBS). Its tracks are known from the negotiated offer; the path becomes
/// ready when DTLS completes, and every SRTP packet is decrypted, depacketized and written to the stream on
/// the port's receive loop. Receiver reports go back every second and a PLI every two seconds per video
/// source, so that viewers joining mid-stream get a key frame soon (browsers send key frames rarely), and
/// sooner when a reader asks for one (<see cref="MediaStream.RequestKeyFrame"/>).
/// </summary>
public sealed partial class WebRtcPublishSession : WebRtcSession, IPathPublisher
{
    private static readonly long s_reportInterval = Stopwatch.Frequency;
    private static readonly long s_pliInterval = 2 * Stopwatch.Frequency;

    private readonly uint _localSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private readonly Dictionary<byte, RtpUnitDecoder> _byPayloadType = [];
    private readonly Dictionary<uint, RtpUnitDecoder> _bySsrc = [];
    private readonly List<Unit> _units = [];
    private readonly List<RtcpPacket> _rtcp = [];
    private PublisherLease? _lease;
    private IReadOnlyList<NegotiatedMedia> _plan = [];
    private MediaStream? _stream;
    private long _framesInError;
    private long _lastReport;
    private long _lastPli;
    private int _keyFrameWanted;
    private long _pliSent;
    private long _readerKeyFrameRequests;

    internal WebRtcPublishSession(WebRtcSessionContext context, WebRtcOffer offer, AccessRequest access, IPEndPoint remoteAddr)
        : base(context, offer, access, remoteAddr)
    {
    }

    public string ApiType => "webRTCSession";

    public override string State => "publish";

    /// <summary>The stream this session feeds, once established.</summary>
    public MediaStream? Stream => Volatile.Read(ref _stream);

    /// <summary>PLIs sent to the publishing peer (periodic ones and those asked for by readers).</summary>
    public long PliSent => Interlocked.Read(ref _pliSent);

    /// <summary>Reader key frame requests this session answered with a PLI to the publishing peer.</summary>
    public long ReaderKeyFrameRequests => Interlocked.Read(ref _readerKeyFrameRequests);

    public long InboundRtpPacketsLost
    {
        get
        {
            lock (_bySsrc)
            {
                return _bySsrc.Values.Sum(d => Math.Max(0, d.Statistics.CumulativeLost));
            }
        }
    }

    public double InboundRtpPacketsJitter
    {
        get
        {
            lock (_bySsrc)
            {
                return _bySsrc.Count == 0 ? 0 : _bySsrc.Values.Average(d => d.Statistics.Jitter / d.Track.ClockRate);
            }
        }
    }

    public override WebRtcSessionInfo Info => Describe(InboundRtpPacketsLost, InboundRtpPacketsJitter, 0);

    internal void Attach(PublisherLease lease, IReadOnlyList<NegotiatedMedia> plan)
    {
        _lease = lease;
        _plan = plan;
    }

    private protected override void OnEstablishing() => BeginGather();

    private protected override async Task RunEstablishedAsync(CancellationToken ct)
    {
        await GatherTracksAsync(ct).ConfigureAwait(false);

        // Media arrives on the port's receive loop; this task only waits for the end.
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
    }

    private protected override void OnRtp(Memory<byte> packet)
    {
        // Units keep slices of their packet for as long as readers hold them: the packet leaves the
        // receive buffer, which the next datagram overwrites.
        if (!RtpPacket.TryParse(packet.ToArray(), out var rtp))
        {
            return;
        }

        if (!Volatile.Read(ref _gathered) && Gather(rtp))
        {
            return;
        }

        Publish(rtp);
    }

    /// <summary>Decodes one packet into the started stream (receive loop, or the gather replay under its lock).</summary>
    private void Publish(RtpPacket rtp)
    {
        if (_stream is not { } stream || !_byPayloadType.TryGetValue(rtp.PayloadType, out var decoder))
        {
            return;
        }

        if (!_bySsrc.ContainsKey(rtp.Ssrc))
        {
            lock (_bySsrc)
            {
                _bySsrc[rtp.Ssrc] = decoder;
            }

            _lastPli = 0; // a new source: ask for a key frame now
        }

        _units.Clear();
        decoder.Decode(rtp, _units);
        foreach (var unit in _units)
        {
            stream.WriteUnit(unit);
        }

        var errors = _byPayloadType.Values.Sum(d => d.FramesInError);
        for (; _framesInError < errors; _framesInError++)
        {
            stream.ReportFrameInError();
        }

        SendFeedback();
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
            if (p is not RtcpSenderReport sr)
            {
                continue;
            }

            RtpUnitDecoder? decoder;

            // The gather replay (another thread) may still be adding sources.
            lock (_bySsrc)
            {
                _bySsrc.TryGetValue(sr.Ssrc, out decoder);
            }

            decoder?.OnSenderReport(sr, Stopwatch.GetTimestamp());
        }
    }

    private protected override void OnClosed()
    {
        Stream?.SetKeyFrameHandler(null);
        _lease?.Dispose();
    }

    private protected override string DescribeTracks() =>
        string.Join(", ", _plan.Where(m => m.Accepted).Select(m => m.Codec!.Name));

    private void SendFeedback()
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastReport >= s_reportInterval)
        {
            _lastReport = now;
            var blocks = _bySsrc.Select(kv => kv.Value.Statistics.BuildReportBlock(kv.Key, now)).ToArray();
            SendRtcp(new RtcpReceiverReport(_localSsrc, blocks), static (dst, rr) => RtcpWriter.WriteReceiverReport(dst, rr));
        }

        var wanted = Interlocked.Exchange(ref _keyFrameWanted, 0) != 0;
        if (wanted || now - _lastPli >= s_pliInterval)
        {
            _lastPli = now;
            if (wanted)
            {
                Interlocked.Increment(ref _readerKeyFrameRequests);
            }

            foreach (var (ssrc, decoder) in _bySsrc)
            {
                if (decoder.Track.Kind == MediaKind.Video)
                {
                    SendRtcp((_localSsrc, ssrc), static (dst, s) => RtcpWriter.WritePictureLossIndication(dst, s.Item1, s.Item2));
                    Interlocked.Increment(ref _pliSent);
                }
            }
        }
    }
}
