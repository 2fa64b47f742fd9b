namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>Per-SSRC cryptographic state (RFC 3711 §3.2.1): rollover counter, highest sequence number, replay lists, SRTCP index.</summary>
internal sealed class SrtpSsrcState
{
    public uint Roc;
    public ushort HighestSeq;
    public bool Started;
    public SrtpReplayWindow RtpReplay;
    public SrtpReplayWindow RtcpReplay;

    /// <summary>Next SRTCP index to send (31 bits, RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex;

    /// <summary>
    /// Index estimate from the sequence number, RFC 3711 §3.3.1 / Appendix A: picks ROC-1, ROC or ROC+1,
    /// whichever puts the packet closest to the highest sequence number seen.
    /// </summary>
    public long EstimateIndex(ushort seq, out uint roc)
    {
        if (!Started)
        {
            roc = Roc;
            return ((long)Roc << 16) | seq;
        }

        long v = Roc;
        if (HighestSeq < 0x8000)
        {
            if (seq - HighestSeq > 0x8000)
            {
                v = (long)Roc - 1;
            }
        }
        else if (HighestSeq - 0x8000 > seq)
        {
            v = (long)Roc + 1;
        }

        roc = (uint)v;
        return v < 0 ? -1 : (v << 16) | seq;
    }

    /// <summary>Moves ROC and the highest sequence number forward when the packet is the newest.</summary>
    public void Update(long index)
    {
        if (!Started || index > (((long)Roc << 16) | HighestSeq))
        {
            Roc = (uint)(index >> 16);
            HighestSeq = (ushort)index;
            Started = true;
        }
    }
}
