using MediaBroker.Media;

namespace MediaBroker.Streams.Files;

/// <summary>
/// Gives a Matroska video track decode times, which the format does not store: frames come in decode order with
/// presentation times only. Over a window of frames, the n-th decode time is the n-th smallest presentation time,
/// moved back by the largest reordering seen in the first window (one frame for B-frames without pyramid), so that no
/// frame decodes after it is shown. Frames wait in a <see cref="Slot"/> until enough later ones have arrived.
/// </summary>
internal sealed class MatroskaDecodeTimes(Track track)
{
    /// <summary>Frames looked ahead: more than any reordering depth x264/x265 use (B-pyramids of 3-4 levels).</summary>
    private const int Window = 8;

    private readonly List<Slot> _waiting = [];
    private readonly List<long> _sortedPts = [];
    private long? _delay;
    private long _lastDts = long.MinValue;

    /// <summary>A frame in file order; <see cref="Unit"/> is set once its decode time is known.</summary>
    public sealed class Slot
    {
        public Unit? Unit { get; set; }

        public long Pts { get; init; }

        public bool IsKey { get; init; }

        /// <summary>Where the reader can read this frame again (the offset of its Cluster).</summary>
        public long Position { get; init; }

        public required ReadOnlyMemory<byte>[] Payloads { get; init; }
    }

    public Slot Add(long pts, bool key, ReadOnlyMemory<byte>[] payloads, long position)
    {
        var slot = new Slot { Pts = pts, IsKey = key, Payloads = payloads, Position = position };
        _waiting.Add(slot);
        var at = _sortedPts.BinarySearch(pts);
        _sortedPts.Insert(at < 0 ? ~at : at, pts);
        if (_waiting.Count > Window)
        {
            ResolveFirst();
        }

        return slot;
    }

    /// <summary>End of the file: every waiting frame gets its time.</summary>
    public void Flush()
    {
        while (_waiting.Count > 0)
        {
            ResolveFirst();
        }
    }

    private void ResolveFirst()
    {
        if (_delay is null)
        {
            long delay = 0;
            for (var i = 0; i < _waiting.Count; i++)
            {
                delay = Math.Max(delay, _sortedPts[i] - _waiting[i].Pts);
            }

            _delay = delay;
        }

        var slot = _waiting[0];
        _waiting.RemoveAt(0);
        var dts = _sortedPts[0] - _delay.Value;
        _sortedPts.RemoveAt(0);
        dts = Math.Max(Math.Min(dts, slot.Pts), _lastDts == long.MinValue ? long.MinValue : _lastDts + 1);
        if (dts > slot.Pts)
        {
            throw new InvalidDataException($"track {track.Id}: frames are reordered deeper than {Window} frames; no decode times can be given");
        }

        _lastDts = dts;
        slot.Unit = new Unit
        {
            Track = track,
            Pts = slot.Pts,
            Dts = dts,
            IsRandomAccess = slot.IsKey,
            Payloads = slot.Payloads,
            NtpTime = DateTime.UtcNow,
        };
    }
}
