using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MediaBroker.Formats.Rtp;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// The <c>RTP-Info</c> of a PLAY response (RFC 2326 §12.33): per set-up track, the sequence number of the first packet
/// the reader receives, and the RTP timestamp that corresponds to the start of the range — one instant for every
/// track. Clients (ffmpeg among them) take rtptime as each track's time zero until the first sender report; were it
/// each track's own first packet, a track that starts earlier than another would jump back when that report arrives.
/// </summary>
internal static class RtspRtpInfo
{
    /// <summary>
    /// Called under the fan-out's lock at subscription. A track with an item in the replayed cache starts with that
    /// item; any other track starts with the encoder's next packet, whose timestamp we extrapolate from the last one
    /// (or leave out when the track has sent nothing yet). The range starts at the earliest of those first packets,
    /// and each track's rtptime is its timestamp at that instant, on the same RTP-to-wall-clock mapping as our
    /// sender reports.
    /// </summary>
    public static RtspTrackStart[] FirstPackets(IReadOnlyList<RtpUnitPackets> replayed, RtpStreamEncoder encoder, IReadOnlyList<bool> isSetup, DateTime now)
    {
        var count = isSetup.Count;
        var sequence = new ushort[count];
        var first = new (uint Timestamp, DateTime Ntp)?[count];
        var found = new bool[count];
        foreach (var item in replayed)
        {
            var id = item.TrackId;
            if (id < count && !found[id] && item.Packets.Length > 0 && item.Packets[0].Length >= 12)
            {
                found[id] = true;
                sequence[id] = BinaryPrimitives.ReadUInt16BigEndian(item.Packets[0].Span[2..]);
                first[id] = (item.RtpTimestamp, item.NtpTime);
            }
        }

        var clockRates = new int[count];
        for (var id = 0; id < count; id++)
        {
            var state = encoder.GetTrackState(id);
            clockRates[id] = state.ClockRate;
            if (!found[id])
            {
                sequence[id] = state.NextSequenceNumber;
                first[id] = state.HasSent ? (state.BuildSenderReport(now).RtpTimestamp, now) : null;
            }
        }

        DateTime? rangeStart = null;
        for (var id = 0; id < count; id++)
        {
            if (isSetup[id] && first[id] is { } f && (rangeStart is null || f.Ntp < rangeStart))
            {
                rangeStart = f.Ntp;
            }
        }

        var starts = new List<RtspTrackStart>(count);
        for (var id = 0; id < count; id++)
        {
            if (!isSetup[id])
            {
                continue;
            }

            uint? rtptime = null;
            if (first[id] is { } f && rangeStart is { } start)
            {
                var before = (long)Math.Round((f.Ntp - start).TotalSeconds * clockRates[id]);
                rtptime = unchecked(f.Timestamp - (uint)before);
            }

            starts.Add(new RtspTrackStart(id, sequence[id], rtptime));
        }

        return [.. starts];
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
