using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MediaBroker.Formats.Rtp;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// The <c>RTP-Info</c> of a PLAY response (RFC 2326 §12.33): per set-up track, the sequence number and RTP
/// timestamp of the first packet the reader receives, so the client maps RTP time to the NPT of the range.
/// </summary>
internal static class RtspRtpInfo
{
    /// <summary>
    /// Called under the fan-out's lock at subscription. A track with an item in the replayed cache starts with that
    /// item; any other track starts with the encoder's next packet, whose timestamp we extrapolate from the last one
    /// (or leave out when the track has sent nothing yet).
    /// </summary>
    public static RtspTrackStart[] FirstPackets(IReadOnlyList<RtpUnitPackets> replayed, RtpStreamEncoder encoder, IReadOnlyList<bool> isSetup, DateTime now)
    {
        var starts = new RtspTrackStart[isSetup.Count];
        var found = new bool[isSetup.Count];
        foreach (var item in replayed)
        {
            var id = item.TrackId;
            if (id < found.Length && !found[id] && item.Packets.Length > 0 && item.Packets[0].Length >= 12)
            {
                found[id] = true;
                starts[id] = new RtspTrackStart(id, BinaryPrimitives.ReadUInt16BigEndian(item.Packets[0].Span[2..]), item.RtpTimestamp);
            }
        }

        for (var id = 0; id < starts.Length; id++)
        {
            if (!found[id])
            {
                var state = encoder.GetTrackState(id);
                starts[id] = new RtspTrackStart(id, state.NextSequenceNumber, state.HasSent ? state.BuildSenderReport(now).RtpTimestamp : null);
            }
        }

        return [.. starts.Where(s => isSetup[s.TrackId])];
    }

    /// <summary>Formats the header value; <paramref name="baseUrl"/> is the PLAY request URI (the aggregate URL).</summary>
    public static string Format(string baseUrl, IEnumerable<RtspTrackStart> starts)
    {
        var prefix = baseUrl.TrimEnd('/') + "/trackID=";
        var sb = new StringBuilder();
        foreach (var s in starts)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append("url=").Append(prefix).Append(s.TrackId.ToString(CultureInfo.InvariantCulture))
                .Append(";seq=").Append(s.SequenceNumber.ToString(CultureInfo.InvariantCulture));
            if (s.RtpTimestamp is { } ts)
            {
                sb.Append(";rtptime=").Append(ts.ToString(CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
