using MediaBroker.Core;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Turns an MPEG-TS byte stream (UDP datagrams, SRT messages, or any chunking, with partial packets,
/// garbage and losses) into tracks and <see cref="Unit"/>s of the first program. Not thread-safe: one
/// ingest task pushes.
/// <para>
/// Tracks are announced once through <c>onTracks</c>, when every elementary stream's parameters are
/// known (SPS/PPS, ADTS header...) or after <see cref="MpegTsDemuxerOptions.AnnounceTimeout"/> of
/// stream time; units produced meanwhile are held and delivered right after the announcement.
/// Video starts, and restarts after a continuity error, at a random access point.
/// </para>
/// </summary>
public sealed partial class MpegTsDemuxer : ISectionSink
{
    private const int PacketSize = TsPacketHeader.PacketSize;

    /// <summary>Packets that must line up before we trust a sync byte (the 0x47 could be payload).</summary>
    private const int SyncConfirmPackets = 3;

    private readonly Action<IReadOnlyList<Track>> _onTracks;
    private readonly Action<Unit> _onUnit;
    private readonly ILogger? _logger;
    private readonly MpegTsDemuxerOptions _options;
    private readonly TsElementaryStream?[] _byPid = new TsElementaryStream?[8192];
    private readonly PsiSectionAssembler _patAssembler = new();
    private readonly PsiSectionAssembler _pmtAssembler = new();
    private readonly TsTimestampUnwrapper _unwrapper = new();
    private byte[] _carry = new byte[PacketSize * 8];
    private int _carryLength;
    private bool _synced;
    private bool _budgetLogged;

    public MpegTsDemuxer(Action<IReadOnlyList<Track>> onTracks, Action<Unit> onUnit, ILogger? logger = null, MpegTsDemuxerOptions? options = null)
    {
        _onTracks = onTracks;
        _onUnit = onUnit;
        _logger = logger;
        _options = options ?? new MpegTsDemuxerOptions();
    }

    /// <summary>The announced tracks, or null before the announcement.</summary>
    public IReadOnlyList<Track>? Tracks { get; private set; }

    public long PacketsReceived { get; private set; }

    /// <summary>Packets missing or out of order on an elementary stream PID (the partial PES is dropped).</summary>
    public long ContinuityErrors { get; private set; }

    /// <summary>PES packets or elementary stream frames that were truncated or malformed.</summary>
    public long PesErrors { get; private set; }

    /// <summary>Packets flagged by transport_error_indicator or with a malformed header.</summary>
    public long TransportErrors { get; private set; }

    /// <summary>Times the 188-byte packet alignment was lost and searched for again.</summary>
    public long SyncLosses { get; private set; }

    /// <summary>Bytes thrown away while searching for sync.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>Feeds any amount of the byte stream.</summary>
    public void Push(ReadOnlySpan<byte> data)
    {
        if (_carryLength == 0)
        {
            var used = Process(data, final: false);
            Keep(data[used..]);
            return;
        }

        // Top the carried bytes up to a whole packet (or enough to confirm sync) before using data in place.
        EnsureCarryCapacity(_carryLength + data.Length);
        data.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += data.Length;
        var consumed = Process(_carry.AsSpan(0, _carryLength), final: false);
        _carry.AsSpan(consumed, _carryLength - consumed).CopyTo(_carry);
        _carryLength -= consumed;
    }

    /// <summary>End of input: processes what is buffered and delivers the last unbounded PES of every stream.</summary>
    public void Flush()
    {
        if (_carryLength > 0)
        {
            var consumed = Process(_carry.AsSpan(0, _carryLength), final: true);
            DiscardedBytes += _carryLength - consumed;
            _carryLength = 0;
        }

        foreach (var es in _streams)
        {
            if (es.PesActive)
            {
                CompletePes(es);
            }
        }

        if (Tracks is null)
        {
            Announce(force: true);
        }
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        EnsureCarryCapacity(rest.Length);
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
    }

    private void EnsureCarryCapacity(int needed)
    {
        if (needed > _carry.Length)
        {
            Array.Resize(ref _carry, Math.Max(needed, _carry.Length * 2));
        }
    }

    /// <summary>Handles every whole packet in <paramref name="buf"/>; returns the bytes consumed.</summary>
    private int Process(ReadOnlySpan<byte> buf, bool final)
    {
        var pos = 0;
        while (buf.Length - pos >= PacketSize)
        {
            if (_synced && buf[pos] == TsPacketHeader.SyncByte)
            {
                HandlePacket(buf.Slice(pos, PacketSize));
                pos += PacketSize;
                continue;
            }

            if (_synced)
            {
                _synced = false;
                SyncLosses++;
            }

            var found = FindSync(buf, pos, final, out var needMore);
            DiscardedBytes += found - pos;
            pos = found;
            if (needMore)
            {
                break;
            }

            _synced = true;
        }

        return pos;
    }

    /// <summary>
    /// The first offset from <paramref name="from"/> where 0x47 repeats every 188 bytes
    /// <see cref="SyncConfirmPackets"/> times. When the data ends before that can be confirmed, returns the
    /// candidate with <paramref name="needMore"/> set (at end of input, a shorter run is accepted).
    /// </summary>
    private static int FindSync(ReadOnlySpan<byte> buf, int from, bool final, out bool needMore)
    {
        needMore = false;
        for (var i = from; i < buf.Length; i++)
        {
            if (buf[i] != TsPacketHeader.SyncByte)
            {
                var next = buf[(i + 1)..].IndexOf(TsPacketHeader.SyncByte);
                if (next < 0)
                {
                    needMore = true;
                    return buf.Length;
                }

                i += next; // the loop's i++ lands on the 0x47
                continue;
            }

            var confirmed = true;
            for (var k = 1; k < SyncConfirmPackets; k++)
            {
                var at = i + (k * PacketSize);
                if (at >= buf.Length)
                {
                    if (final && buf.Length - i >= PacketSize)
                    {
                        return i;
                    }

                    needMore = true;
                    return i;
                }

                if (buf[at] != TsPacketHeader.SyncByte)
                {
                    confirmed = false;
                    break;
                }
            }

            if (confirmed)
            {
                return i;
            }
        }

        needMore = true;
        return buf.Length;
    }

    private void HandlePacket(ReadOnlySpan<byte> packet)
    {
        PacketsReceived++;
        TsPacketHeader h;
        try
        {
            TsPacketHeader.TryRead(packet, out h);
        }
        catch (MpegTsProtocolException ex)
        {
            TransportErrors++;
            LogMalformed(-1, ex.Message);
            return;
        }

        var es = _byPid[h.Pid];
        if (h.TransportError)
        {
            TransportErrors++;
            if (es is not null)
            {
                LosePes(es);
            }

            return;
        }

        if (!h.HasPayload)
        {
            return;
        }

        var payload = packet[h.PayloadOffset..];
        if (h.Pid == TsProgramTables.PatPid)
        {
            _patAssembler.Push(payload, h.PayloadUnitStart, this, h.Pid);
        }
        else if (h.Pid == _pmtPid)
        {
            _pmtAssembler.Push(payload, h.PayloadUnitStart, this, h.Pid);
        }
        else if (es is not null)
        {
            HandleEsPacket(es, in h, payload);
        }
    }

    private void HandleEsPacket(TsElementaryStream es, in TsPacketHeader h, ReadOnlySpan<byte> payload)
    {
        // §2.4.3.3: the counter increments per payload packet; one duplicate may be sent.
        if (es.LastCc >= 0 && !h.Discontinuity)
        {
            if (h.ContinuityCounter == es.LastCc)
            {
                return;
            }

            var expected = (es.LastCc + 1) & 0xF;
            if (h.ContinuityCounter != expected)
            {
                ContinuityErrors++;
                if (_logger is not null)
                {
                    MpegTsLog.ContinuityError(_logger, es.Pid, expected, h.ContinuityCounter);
                }

                LosePes(es);
            }
        }

        es.LastCc = h.ContinuityCounter;
        if (h.PayloadUnitStart)
        {
            if (es.PesActive)
            {
                CompletePes(es);
            }

            es.StartPes(payload);
        }
        else if (!es.PesActive)
        {
            return;
        }
        else if (es.AppendPes(payload) is var appended && appended != TsPesAppend.Appended)
        {
            PesErrors++;
            if (appended == TsPesAppend.OverBudget && !_budgetLogged && _logger is not null)
            {
                // Once per demuxer: an attacker would otherwise get a log line per dropped PES.
                _budgetLogged = true;
                MpegTsLog.PesBudgetExceeded(_logger, es.Pid, MaxBufferedPesBytes);
            }

            return;
        }

        if (es.PesComplete)
        {
            CompletePes(es);
        }
    }

    /// <summary>Data of this stream was lost: drop the partial PES; video waits for a key frame.</summary>
    private static void LosePes(TsElementaryStream es)
    {
        es.DropPes();
        if (es.IsVideo)
        {
            es.WaitingForKey = true;
        }
    }

    private void LogMalformed(int pid, string reason)
    {
        if (_logger is not null)
        {
            MpegTsLog.Malformed(_logger, pid, reason);
        }
    }
}
