using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Streams.MpegTs;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// <c>rtspDemuxMpegts</c>: an RTSP publisher or source whose only track is MPEG-TS over RTP (RFC 2250, payload type 33
/// or <c>MP2T/90000</c>) is demuxed into the elementary tracks it carries, so that every protocol can read them. Each RTP
/// payload is whole 188-byte TS packets, fed in sequence order to the shared MPEG-TS ingest; the path becomes ready
/// when the demuxer has found the tracks (PAT/PMT and the codecs' parameters), and wall-clock times are arrival times.
/// </summary>
internal sealed class RtspMpegTsDemux
{
    private readonly RtpReceiverStatistics _statistics;
    private readonly MpegTsIngest _ingest;

    /// <param name="statistics">The track's receiver statistics (loss and jitter for receiver reports and the API).</param>
    /// <param name="start">Makes the path ready with the demuxed tracks.</param>
    public RtspMpegTsDemux(RtpReceiverStatistics statistics, Func<IReadOnlyList<Track>, MediaStream> start, ILogger logger, string name)
    {
        _statistics = statistics;
        _ingest = new MpegTsIngest(
            tracks =>
            {
                RtspLog.MpegTsDemuxed(logger, name, tracks.Count, string.Join(", ", tracks.Select(t => t.Codec.Name)));
                return start(tracks);
            },
            logger,
            name);
    }

    /// <summary>The demuxed stream, once the tracks are known.</summary>
    public MediaStream? Stream => _ingest.Stream;

    /// <summary>Whether the announced or described session is to be demuxed: the key is on and its only track is MPEG-TS.</summary>
    public static bool Applies(PathConf conf, IReadOnlyList<SdpFormat?> formats) =>
        conf.RtspDemuxMpegts && formats is [{ } f] && IsMpegTs(f);

    /// <summary>MPEG-TS over RTP: <c>a=rtpmap:… MP2T/90000</c>, or the static payload type 33 without an rtpmap (RFC 3551 §6).</summary>
    public static bool IsMpegTs(SdpFormat format) =>
        string.Equals(format.EncodingName, "MP2T", StringComparison.OrdinalIgnoreCase) || (format.EncodingName is null && format.PayloadType == 33);

    /// <summary>One packet, in sequence order; duplicates and late packets are dropped (a gap shows up as continuity errors).</summary>
    public void Push(in RtpPacket packet, long arrivalTicks)
    {
        if (_statistics.Update(packet.SequenceNumber, packet.Timestamp, arrivalTicks) == RtpSequenceStatus.Late)
        {
            return;
        }

        _ingest.Push(packet.Payload.Span);
    }
}
