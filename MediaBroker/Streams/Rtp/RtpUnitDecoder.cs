using System.Diagnostics;
using MediaBroker.Codecs;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Media;
using MediaBroker.Formats.Rtp;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// Ingest side of one RTP track: statistics, depacketizing, timestamps, and in-band parameter sets,
/// producing <see cref="Unit"/>s for <see cref="MediaStream.WriteUnit"/>. Codecs we cannot depacketize
/// (<see cref="GenericCodec"/>) give one unit per packet carrying only <see cref="Unit.RtpPackets"/>.
/// RTP carries only presentation time, so H264/H265 DTS comes from <see cref="H264DtsExtractor"/> /
/// <see cref="H265DtsExtractor"/> (B-frames); every other codec has DTS = PTS.
/// </summary>
public sealed class RtpUnitDecoder
{
    private readonly RtpDepacketizer? _depacketizer;
    private readonly RtpTrackTimeDecoder _time;
    private readonly RtpAbsoluteTime? _absoluteTime;
    private readonly NtpEstimator _ntpEstimator;
    private readonly List<RtpDepacketizedUnit> _units = [];
    private readonly H264DtsExtractor? _h264Dts;
    private readonly H265DtsExtractor? _h265Dts;

    /// <param name="track">The track units belong to (its codec is updated from in-band parameter sets).</param>
    /// <param name="time">This track's share of the session's <see cref="RtpTimeDecoder"/>.</param>
    /// <param name="encodingName">The rtpmap encoding name (tells MP4A-LATM from mpeg4-generic).</param>
    /// <param name="fmtp">The fmtp parameters (AU-header sizes).</param>
    /// <param name="absoluteTime">
    /// useAbsoluteTimestamp: units carry the sender's NTP time from RTCP sender reports (and are dropped before the
    /// first one); null: units carry their receive time, whatever the sender reports.
    /// </param>
    public RtpUnitDecoder(Track track, RtpTrackTimeDecoder time, string? encodingName = null, IReadOnlyDictionary<string, string>? fmtp = null,
        RtpAbsoluteTime? absoluteTime = null)
    {
        Track = track;
        _time = time;
        _absoluteTime = absoluteTime;
        _ntpEstimator = new NtpEstimator(track.ClockRate);
        _depacketizer = RtpPayloadFormats.CreateDepacketizer(track.Codec, encodingName, fmtp);
        Statistics = new RtpReceiverStatistics(track.ClockRate);

        // Out-of-band parameter sets (SDP sprop-*) seed the extractors; in-band ones replace them as they arrive.
        switch (track.Codec)
        {
            case H264Codec h:
                _h264Dts = new H264DtsExtractor(track.ClockRate);
                _h264Dts.SetParameterSets(h.Sps, h.Pps);
                break;
            case H265Codec h:
                _h265Dts = new H265DtsExtractor(track.ClockRate);
                _h265Dts.SetParameterSets(h.Vps, h.Sps);
                break;
        }
    }

    public Track Track { get; }

    /// <summary>Loss and jitter for receiver reports and the API (inboundRTPPacketsLost / Jitter).</summary>
    public RtpReceiverStatistics Statistics { get; }

    /// <summary>Units discarded because of loss or malformed payloads (inboundFramesInError).</summary>
    public long FramesInError => _depacketizer?.DiscardedUnits ?? 0;

    /// <summary>Decodes one packet received now.</summary>
    public void Decode(in RtpPacket packet, List<Unit> output) => Decode(packet, Stopwatch.GetTimestamp(), DateTime.UtcNow, output);

    /// <summary>Decodes one packet; completed units are appended to <paramref name="output"/>.</summary>
    public void Decode(in RtpPacket packet, long arrivalTicks, DateTime receiveTime, List<Unit> output)
    {
        var status = Statistics.Update(packet.SequenceNumber, packet.Timestamp, arrivalTicks);
        if (status == RtpSequenceStatus.Late)
        {
            return;
        }

        if (status == RtpSequenceStatus.Restarted)
        {
            _depacketizer?.Reset();
        }

        if (_depacketizer is null)
        {
            var pts = _time.Decode(packet.Timestamp, arrivalTicks);
            if (!TryNtpTime(packet.Timestamp, pts, receiveTime, out var ntp))
            {
                return;
            }

            output.Add(new Unit
            {
                Track = Track,
                Pts = pts,
                Dts = pts,
                NtpTime = ntp,
                IsRandomAccess = true,
                RtpPackets = [packet.Raw],
            });
            return;
        }

        _units.Clear();
        _depacketizer.Push(packet, _units);
        foreach (var u in _units)
        {
            UpdateParameterSets(u.Payloads);
            var pts = _time.Decode(u.RtpTimestamp, arrivalTicks);
            var dts = DecodeTime(u.Payloads, pts);
            if (!TryNtpTime(u.RtpTimestamp, pts, receiveTime, out var ntp))
            {
                continue;
            }

            output.Add(new Unit
            {
                Track = Track,
                Pts = pts,
                Dts = dts,
                NtpTime = ntp,
                IsRandomAccess = u.IsRandomAccess,
                Payloads = u.Payloads,
                RtpPackets = u.RtpPackets,
            });
        }
    }

    /// <summary>Feeds an RTCP sender report of this track's source.</summary>
    public void OnSenderReport(RtcpSenderReport report, long arrivalTicks)
    {
        _time.OnSenderReport(report.NtpTimestamp, report.RtpTimestamp);
        Statistics.OnSenderReport(report.NtpTimestamp, arrivalTicks);
    }

    /// <summary>
    /// The unit's wall-clock time: the sender's with useAbsoluteTimestamp (none before a sender report), else estimated
    /// from the receive time and the PTS.
    /// </summary>
    private bool TryNtpTime(uint rtpTimestamp, long pts, DateTime receiveTime, out DateTime ntp)
    {
        if (_absoluteTime is null)
        {
            ntp = _ntpEstimator.Estimate(pts, receiveTime);
            return true;
        }

        if (_time.TryGetSenderNtpTime(rtpTimestamp, out ntp))
        {
            return true;
        }

        _absoluteTime.UnitDropped();
        return false;
    }

    // Units arrive in decode order, which is what the extractors need.
    private long DecodeTime(ReadOnlyMemory<byte>[] payloads, long pts) =>
        _h264Dts?.Extract(payloads, pts) ?? _h265Dts?.Extract(payloads, pts) ?? pts;

    private void UpdateParameterSets(ReadOnlyMemory<byte>[] payloads)
    {
        switch (Track.Codec)
        {
            case H264Codec h:
            {
                byte[]? sps = null, pps = null;
                foreach (var nal in payloads)
                {
                    switch (H264Nalu.TypeOf(nal.Span))
                    {
                        case H264NalUnitType.Sps when !nal.Span.SequenceEqual(h.Sps): sps = nal.ToArray(); break;
                        case H264NalUnitType.Pps when !nal.Span.SequenceEqual(h.Pps): pps = nal.ToArray(); break;
                    }
                }

                if (sps is not null || pps is not null)
                {
                    Track.UpdateCodec(h with { Sps = sps ?? h.Sps, Pps = pps ?? h.Pps });
                }

                break;
            }

            case H265Codec h:
            {
                byte[]? vps = null, sps = null, pps = null;
                foreach (var nal in payloads)
                {
                    switch (H265Nalu.TypeOf(nal.Span))
                    {
                        case H265NalUnitType.Vps when !nal.Span.SequenceEqual(h.Vps): vps = nal.ToArray(); break;
                        case H265NalUnitType.Sps when !nal.Span.SequenceEqual(h.Sps): sps = nal.ToArray(); break;
                        case H265NalUnitType.Pps when !nal.Span.SequenceEqual(h.Pps): pps = nal.ToArray(); break;
                    }
                }

                if (vps is not null || sps is not null || pps is not null)
                {
                    Track.UpdateCodec(h with { Vps = vps ?? h.Vps, Sps = sps ?? h.Sps, Pps = pps ?? h.Pps });
                }

                break;
            }
        }
    }
}
