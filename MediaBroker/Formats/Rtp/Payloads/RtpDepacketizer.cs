using System.Buffers;
using MediaBroker.Codecs;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Rebuilds units from the RTP packets of one track. The base class handles what every payload format
/// shares: a sequence gap discards the unit being assembled (and, for video, everything until the next
/// random access point), a timestamp change closes the unit without a marker, fragments are joined into
/// one buffer per unit, and the packets of each unit are remembered.
/// Packet memory must stay unchanged while units reference it: payloads of unfragmented packets are slices.
/// </summary>
public abstract class RtpDepacketizer
{
    /// <summary>A unit larger than this is malformed input, not a picture.</summary>
    protected const int MaxUnitBytes = 16 * 1024 * 1024;

    private const int MaxUnitItems = 4096;

    private readonly List<ReadOnlyMemory<byte>> _packets = [];
    private readonly List<ReadOnlyMemory<byte>> _payloads = [];
    private readonly List<ReadOnlyMemory<byte>> _fragments = [];
    private int _fragmentBytes;
    private int _unitBytes;
    private bool _inUnit;
    private uint _unitTimestamp;
    private bool _hasLastSequence;
    private ushort _lastSequence;
    private bool _awaitRandomAccess;
    private bool _skipping;
    private uint _skipTimestamp;

    protected RtpDepacketizer(bool isVideo)
    {
        IsVideo = isVideo;
        _awaitRandomAccess = isVideo;
    }

    public bool IsVideo { get; }

    /// <summary>Units discarded because packets were lost or malformed (MediaMTX's "frames in error").</summary>
    public long DiscardedUnits { get; private set; }

    /// <summary>Video units skipped while waiting for a random access point after a loss or at start.</summary>
    public long SkippedUnits { get; private set; }

    protected bool InFragment { get; private set; }

    protected int FragmentBytes => _fragmentBytes;

    /// <summary>
    /// Adds one packet; completed units are appended to <paramref name="output"/>. Malformed payloads
    /// discard the unit and are counted in <see cref="DiscardedUnits"/> instead of throwing.
    /// </summary>
    public void Push(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        if (_hasLastSequence && packet.SequenceNumber != (ushort)(_lastSequence + 1))
        {
            OnLoss();
        }

        _hasLastSequence = true;
        _lastSequence = packet.SequenceNumber;
        if (_skipping)
        {
            // The rest of a broken unit: ignored until its marker or the next timestamp.
            if (packet.Timestamp == _skipTimestamp)
            {
                _skipping = !packet.Marker;
                return;
            }

            _skipping = false;
        }

        if (_inUnit && packet.Timestamp != _unitTimestamp)
        {
            if (InFragment)
            {
                Discard();
            }
            else
            {
                CompleteUnit(output);
            }
        }

        if (!_inUnit)
        {
            _inUnit = true;
            _unitTimestamp = packet.Timestamp;
        }

        _packets.Add(packet.Raw);
        try
        {
            if (_packets.Count > MaxUnitItems)
            {
                throw new RtpProtocolException("too many packets without a unit boundary");
            }

            ReadPayload(packet, output);
        }
        catch (Exception ex) when (ex is RtpProtocolException or CodecProtocolException)
        {
            Discard();
            _skipping = !packet.Marker;
            _skipTimestamp = packet.Timestamp;
        }
    }

    /// <summary>Forgets any partial unit and sequence state (a new publisher or a seek).</summary>
    public virtual void Reset()
    {
        ClearUnit();
        _hasLastSequence = false;
        _skipping = false;
        _awaitRandomAccess = IsVideo;
    }

    /// <summary>Parses the packet's payload, calling the Add/Fragment helpers and <see cref="CompleteUnit"/>.</summary>
    protected abstract void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output);

    /// <summary>Whether the assembled payloads start a decodable sequence (key frame). Audio is always true.</summary>
    protected virtual bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) => !IsVideo;

    protected void AddPayload(ReadOnlyMemory<byte> payload)
    {
        _unitBytes += payload.Length;
        if (_unitBytes > MaxUnitBytes || _payloads.Count >= MaxUnitItems)
        {
            throw new RtpProtocolException("unit too large");
        }

        _payloads.Add(payload);
    }

    protected void StartFragment()
    {
        if (InFragment)
        {
            throw new RtpProtocolException("fragment start before the previous fragment ended");
        }

        InFragment = true;
        _fragments.Clear();
        _fragmentBytes = 0;
    }

    protected void AppendFragment(ReadOnlyMemory<byte> part)
    {
        if (!InFragment)
        {
            throw new RtpProtocolException("fragment continuation without a start");
        }

        _fragmentBytes += part.Length;
        if (_fragmentBytes > MaxUnitBytes || _fragments.Count >= MaxUnitItems)
        {
            throw new RtpProtocolException("fragmented payload too large");
        }

        _fragments.Add(part);
    }

    /// <summary>Joins the fragments, after <paramref name="prefix"/> (a rebuilt NAL header), into one new buffer.</summary>
    protected void EndFragment(ReadOnlySpan<byte> prefix) => AddPayload(JoinFragment(prefix));

    /// <summary>Joins the fragments like <see cref="EndFragment"/> but returns the buffer instead of adding it.</summary>
    protected ReadOnlyMemory<byte> JoinFragment(ReadOnlySpan<byte> prefix) => JoinFragment(prefix, []);

    /// <summary>Joins <paramref name="prefix"/>, the fragments and <paramref name="suffix"/> into one new buffer.</summary>
    protected ReadOnlyMemory<byte> JoinFragment(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix)
    {
        if (!InFragment)
        {
            throw new RtpProtocolException("fragment end without a start");
        }

        // Not zeroed: the copies below fill every byte.
        var joined = GC.AllocateUninitializedArray<byte>(prefix.Length + _fragmentBytes + suffix.Length);
        prefix.CopyTo(joined);
        var offset = prefix.Length;
        foreach (var f in _fragments)
        {
            f.Span.CopyTo(joined.AsSpan(offset));
            offset += f.Length;
        }

        suffix.CopyTo(joined.AsSpan(offset));

        InFragment = false;
        _fragments.Clear();
        _fragmentBytes = 0;
        return joined;
    }

    /// <summary>Emits the assembled unit (nothing when it is empty or video waits for a key frame).</summary>
    protected void CompleteUnit(List<RtpDepacketizedUnit> output)
    {
        if (InFragment)
        {
            throw new RtpProtocolException("unit ended inside a fragment");
        }

        if (_payloads.Count == 0)
        {
            ClearUnit();
            return;
        }

        var payloads = _payloads.ToArray();
        var randomAccess = IsRandomAccess(payloads);
        if (_awaitRandomAccess && !randomAccess)
        {
            SkippedUnits++;
            ClearUnit();
            return;
        }

        _awaitRandomAccess = false;
        output.Add(new RtpDepacketizedUnit(_unitTimestamp, payloads, randomAccess, _packets.ToArray()));
        ClearUnit();
    }

    private void OnLoss()
    {
        if (_inUnit)
        {
            _skipping = true;
            _skipTimestamp = _unitTimestamp;
            Discard();
        }
        else if (IsVideo)
        {
            _awaitRandomAccess = true;
        }
    }

    private void Discard()
    {
        DiscardedUnits++;
        ClearUnit();
        _awaitRandomAccess = IsVideo;
    }

    private void ClearUnit()
    {
        _packets.Clear();
        _payloads.Clear();
        _fragments.Clear();
        _fragmentBytes = 0;
        _unitBytes = 0;
        InFragment = false;
        _inUnit = false;
    }
}
