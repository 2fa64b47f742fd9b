namespace MediaBroker.Formats.Rtp;

/// <summary>
/// What readers of one outgoing RTP track need: the SSRC, the next sequence number and last timestamp
/// (RTSP <c>RTP-Info</c>), and the NTP mapping and counters of RTCP sender reports.
/// </summary>
public readonly record struct RtpTrackSenderState(
    byte PayloadType,
    uint Ssrc,
    int ClockRate,
    ushort NextSequenceNumber,
    uint LastRtpTimestamp,
    DateTime LastNtpTime,
    uint PacketCount,
    uint OctetCount)
{
    /// <summary>True once a unit was sent (the mapping and counters mean something).</summary>
    public bool HasSent => PacketCount != 0;

    /// <summary>Builds a sender report for <paramref name="now"/>, extrapolating the RTP clock from the last unit.</summary>
    public Rtcp.RtcpSenderReport BuildSenderReport(DateTime now)
    {
        var elapsed = (now - LastNtpTime).TotalSeconds;
        var rtp = unchecked(LastRtpTimestamp + (uint)(long)Math.Round(elapsed * ClockRate));
        return new Rtcp.RtcpSenderReport(Ssrc, Rtcp.NtpTime64.FromDateTime(now), rtp, PacketCount, OctetCount, []);
    }
}
