using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// One SRT connection as the API shows it (MediaMTX <c>/v3/srtconns</c> item): identity, path, and libsrt's
/// statistics (srt_bstats) under MediaMTX's names. Serialized with camelCase these give MediaMTX's JSON keys.
/// </summary>
public sealed record SrtConnInfo
{
    public required Guid Id { get; init; }

    public required DateTime Created { get; init; }

    public required string RemoteAddr { get; init; }

    /// <summary>idle, read or publish.</summary>
    public required string State { get; init; }

    public required string Path { get; init; }

    public required string Query { get; init; }

    public string? User { get; init; }

    public long PacketsSent { get; init; }
    public long PacketsReceived { get; init; }
    public long PacketsReceivedBelated { get; init; }
    public long PacketsSentUnique { get; init; }
    public long PacketsReceivedUnique { get; init; }
    public long PacketsSendLoss { get; init; }
    public long PacketsReceivedLoss { get; init; }
    public long PacketsRetrans { get; init; }
    public long PacketsReceivedRetrans { get; init; }
    public long PacketsSentACK { get; init; }
    public long PacketsReceivedACK { get; init; }
    public long PacketsSentNAK { get; init; }
    public long PacketsReceivedNAK { get; init; }
    public long UsSndDuration { get; init; }
    public long PacketsSendDrop { get; init; }
    public long PacketsReceivedDrop { get; init; }
    public long PacketsReceivedUndecrypt { get; init; }
    public ulong BytesSent { get; init; }
    public ulong BytesReceived { get; init; }
    public ulong BytesSentUnique { get; init; }
    public ulong BytesReceivedUnique { get; init; }
    public ulong BytesReceivedLoss { get; init; }
    public ulong BytesRetrans { get; init; }
    public ulong BytesSendDrop { get; init; }
    public ulong BytesReceivedDrop { get; init; }
    public ulong BytesReceivedUndecrypt { get; init; }
    public double UsPacketsSendPeriod { get; init; }
    public long PacketsFlowWindow { get; init; }
    public long PacketsFlightSize { get; init; }
    public double MsRTT { get; init; }
    public double MbpsSendRate { get; init; }
    public double MbpsReceiveRate { get; init; }
    public double MbpsLinkCapacity { get; init; }
    public long BytesAvailSendBuf { get; init; }
    public long BytesAvailReceiveBuf { get; init; }
    public double MbpsMaxBW { get; init; }
    public long ByteMSS { get; init; }
    public long PacketsSendBuf { get; init; }
    public long BytesSendBuf { get; init; }
    public long MsSendBuf { get; init; }
    public long MsSendTsbPdDelay { get; init; }
    public long PacketsReceiveBuf { get; init; }
    public long BytesReceiveBuf { get; init; }
    public long MsReceiveBuf { get; init; }
    public long MsReceiveTsbPdDelay { get; init; }
    public long PacketsReorderTolerance { get; init; }
    public double PacketsReceivedAvgBelatedTime { get; init; }
    public double PacketsSendLossRate { get; init; }
    public double PacketsReceivedLossRate { get; init; }

    /// <summary>Frames this reader lost because it was too slow (its queue's drop count).</summary>
    public long OutboundFramesDiscarded { get; init; }

    internal static SrtConnInfo Create(Guid id, DateTime created, string remoteAddr, string state, string path, string query, string? user, in SrtByteStats s, long discarded) => new()
    {
        Id = id,
        Created = created,
        RemoteAddr = remoteAddr,
        State = state,
        Path = path,
        Query = query,
        User = user,
        PacketsSent = s.PktSentTotal,
        PacketsReceived = s.PktRecvTotal,
        PacketsReceivedBelated = s.PktRcvBelated,
        PacketsSentUnique = s.PktSentUniqueTotal,
        PacketsReceivedUnique = s.PktRecvUniqueTotal,
        PacketsSendLoss = s.PktSndLossTotal,
        PacketsReceivedLoss = s.PktRcvLossTotal,
        PacketsRetrans = s.PktRetransTotal,
        PacketsReceivedRetrans = s.PktRcvRetrans,
        PacketsSentACK = s.PktSentAckTotal,
        PacketsReceivedACK = s.PktRecvAckTotal,
        PacketsSentNAK = s.PktSentNakTotal,
        PacketsReceivedNAK = s.PktRecvNakTotal,
        UsSndDuration = s.UsSndDurationTotal,
        PacketsSendDrop = s.PktSndDropTotal,
        PacketsReceivedDrop = s.PktRcvDropTotal,
        PacketsReceivedUndecrypt = s.PktRcvUndecryptTotal,
        BytesSent = s.ByteSentTotal,
        BytesReceived = s.ByteRecvTotal,
        BytesSentUnique = s.ByteSentUniqueTotal,
        BytesReceivedUnique = s.ByteRecvUniqueTotal,
        BytesReceivedLoss = s.ByteRcvLossTotal,
        BytesRetrans = s.ByteRetransTotal,
        BytesSendDrop = s.ByteSndDropTotal,
        BytesReceivedDrop = s.ByteRcvDropTotal,
        BytesReceivedUndecrypt = s.ByteRcvUndecryptTotal,
        UsPacketsSendPeriod = Finite(s.UsPktSndPeriod),
        PacketsFlowWindow = s.PktFlowWindow,
        PacketsFlightSize = s.PktFlightSize,
        MsRTT = Finite(s.MsRtt),
        MbpsSendRate = Finite(s.MbpsSendRate),
        MbpsReceiveRate = Finite(s.MbpsRecvRate),
        MbpsLinkCapacity = Finite(s.MbpsBandwidth),
        BytesAvailSendBuf = s.ByteAvailSndBuf,
        BytesAvailReceiveBuf = s.ByteAvailRcvBuf,
        MbpsMaxBW = Finite(s.MbpsMaxBw),
        ByteMSS = s.ByteMss,
        PacketsSendBuf = s.PktSndBuf,
        BytesSendBuf = s.ByteSndBuf,
        MsSendBuf = s.MsSndBuf,
        MsSendTsbPdDelay = s.MsSndTsbPdDelay,
        PacketsReceiveBuf = s.PktRcvBuf,
        BytesReceiveBuf = s.ByteRcvBuf,
        MsReceiveBuf = s.MsRcvBuf,
        MsReceiveTsbPdDelay = s.MsRcvTsbPdDelay,
        PacketsReorderTolerance = s.PktReorderTolerance,
        PacketsReceivedAvgBelatedTime = Finite(s.PktRcvAvgBelatedTime),
        PacketsSendLossRate = s.PktSentTotal == 0 ? 0 : (double)s.PktSndLossTotal / s.PktSentTotal,
        PacketsReceivedLossRate = s.PktRecvTotal == 0 ? 0 : (double)s.PktRcvLossTotal / s.PktRecvTotal,
        OutboundFramesDiscarded = discarded,
    };

    /// <summary>libsrt reports some rates as infinity or NaN (no limit, nothing measured yet); JSON has no such numbers.</summary>
    private static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
