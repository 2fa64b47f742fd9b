using MediaBroker.Formats.Rtp.Rtcp;

namespace MediaBroker.Formats.Rtp;

/// <summary>What <see cref="RtpReceiverStatistics.Update"/> concluded about a packet.</summary>
public enum RtpSequenceStatus
{
    /// <summary>The next expected packet (or the first one).</summary>
    InOrder,

    /// <summary>Packets were skipped; <see cref="RtpReceiverStatistics.LastGap"/> says how many.</summary>
    Gap,

    /// <summary>A duplicate or a late packet older than the highest seen; drop it.</summary>
    Late,

    /// <summary>A jump so large the source probably restarted; statistics were reset.</summary>
    Restarted,
}

/// <summary>
/// Per-source receive statistics (RFC 3550 Appendix A.1, A.3, A.8): extended highest sequence
/// number, cumulative and fractional loss, interarrival jitter, and the data for RR report blocks.
/// Feeds the API counters <c>inboundRTPPacketsLost</c> and <c>inboundRTPPacketsJitter</c>.
/// </summary>
public sealed class RtpReceiverStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;

    private readonly int _clockRate;
    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private double _jitter;
    private ulong _lastSrNtp;
    private long _lastSrArrivalTicks;

    public RtpReceiverStatistics(int clockRate) => _clockRate = clockRate;

    /// <summary>Packets counted as received.</summary>
    public long Received => _received;

    /// <summary>Extended highest sequence number received (cycles in the high 16 bits).</summary>
    public uint ExtendedHighestSequence => _cycles | _maxSeq;

    /// <summary>Expected minus received since the start (RFC 3550 A.3); duplicates can make it negative.</summary>
    public long CumulativeLost => _started ? ((long)ExtendedHighestSequence - _baseSeq + 1) - _received : 0;

    /// <summary>Interarrival jitter in RTP clock units.</summary>
    public double Jitter => _jitter;

    /// <summary>Packets missing before the last <see cref="RtpSequenceStatus.Gap"/>.</summary>
    public int LastGap { get; private set; }

    /// <param name="arrivalTicks">Arrival time in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
    public RtpSequenceStatus Update(ushort sequenceNumber, uint timestamp, long arrivalTicks)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            UpdateJitter(timestamp, arrivalTicks, first: true);
            return RtpSequenceStatus.InOrder;
        }

        var delta = (ushort)(sequenceNumber - _maxSeq);
        if (delta == 0)
        {
            return RtpSequenceStatus.Late;
        }

        if (delta < MaxDropout)
        {
            if (sequenceNumber < _maxSeq)
            {
                _cycles += 0x10000;
            }

            _maxSeq = sequenceNumber;
            _received++;
            UpdateJitter(timestamp, arrivalTicks, first: false);
            LastGap = delta - 1;
            return delta == 1 ? RtpSequenceStatus.InOrder : RtpSequenceStatus.Gap;
        }

        if (delta <= 0x10000 - MaxMisorder)
        {
            // A huge jump: the sender restarted (RFC 3550 A.1 waits for a second packet; we resync at once).
            Restart(sequenceNumber);
            UpdateJitter(timestamp, arrivalTicks, first: true);
            return RtpSequenceStatus.Restarted;
        }

        return RtpSequenceStatus.Late;
    }

    /// <summary>Remembers a sender report for the LSR/DLSR fields of our next receiver report.</summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalTicks)
    {
        _lastSrNtp = ntpTimestamp;
        _lastSrArrivalTicks = arrivalTicks;
    }

    /// <summary>Builds the report block for <paramref name="ssrc"/> and starts a new fraction-lost interval.</summary>
    public RtcpReportBlock BuildReportBlock(uint ssrc, long nowTicks)
    {
        var expected = _started ? (long)ExtendedHighestSequence - _baseSeq + 1 : 0;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = 0;
        if (_lastSrNtp != 0)
        {
            // Delay since the last SR in units of 1/65536 s.
            var elapsed = (double)(nowTicks - _lastSrArrivalTicks) / System.Diagnostics.Stopwatch.Frequency;
            dlsr = (uint)Math.Clamp(elapsed * 65536, 0, uint.MaxValue);
        }

        return new RtcpReportBlock(
            ssrc,
            fraction,
            (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF),
            ExtendedHighestSequence,
            (uint)_jitter,
            _lastSrNtp == 0 ? 0 : NtpTime64.Middle32(_lastSrNtp),
            dlsr);
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _cycles = 0;
        _received = 1;
        _expectedPrior = 0;
        _receivedPrior = 0;
        LastGap = 0;
    }

    private void UpdateJitter(uint timestamp, long arrivalTicks, bool first)
    {
        // RFC 3550 A.8: J += (|D| - J) / 16, with transit times in RTP clock units.
        var arrival = (long)((double)arrivalTicks * _clockRate / System.Diagnostics.Stopwatch.Frequency);
        var transit = arrival - timestamp;
        if (!first)
        {
            var d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
    }
}
