using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Collects samples per track and writes them as one moof + mdat per call (ISO/IEC 14496-12 §8.8): an LL-HLS part
/// or a recording part. A sample's duration is the next sample's DTS minus its own, so the newest sample of each
/// track is held back until its successor arrives; <see cref="WriteFinal"/> flushes it with an explicit duration.
/// Not thread-safe: one muxer task owns it. After the first calls no allocation happens per sample.
/// </summary>
public sealed partial class Fmp4FragmentWriter
{
    // Sample flags (§8.8.3.1): sample_depends_on = 2 for sync samples; 1 plus sample_is_non_sync_sample otherwise.
    internal const uint SyncSampleFlags = 0x02000000;
    internal const uint NonSyncSampleFlags = 0x01010000;

    private const int MfhdSize = 16;
    private const int TrafFixedSize = 8 + 16 + 20 + 20; // traf header, tfhd, tfdt v1, trun header with count and data_offset
    private const int TrunEntrySize = 16;

    private readonly Fmp4TrackInfo[] _tracks;
    private readonly List<Entry>[] _ready;
    private readonly Entry?[] _pending;
    private readonly uint[] _lastDuration;
    private readonly long[] _readyDuration;
    private readonly long[] _decodeTimeOrigin;

    public Fmp4FragmentWriter(IReadOnlyList<Fmp4TrackInfo> tracks, uint firstSequenceNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        _tracks = [.. tracks];
        _ready = new List<Entry>[_tracks.Length];
        for (var i = 0; i < _ready.Length; i++)
        {
            _ready[i] = new List<Entry>(64);
        }

        _pending = new Entry?[_tracks.Length];
        _lastDuration = new uint[_tracks.Length];
        _readyDuration = new long[_tracks.Length];
        _decodeTimeOrigin = new long[_tracks.Length];
        NextSequenceNumber = firstSequenceNumber;
    }

    public IReadOnlyList<Fmp4TrackInfo> Tracks => _tracks;

    /// <summary>mfhd sequence_number of the next fragment; starts at the constructor's value and counts up.</summary>
    public uint NextSequenceNumber { get; private set; }

    /// <summary>Converts and adds a unit of track <paramref name="trackIndex"/>; false when the unit had nothing to store.</summary>
    public bool Add(int trackIndex, Unit unit)
    {
        if (!Fmp4SampleBuilder.TryBuild(_tracks[trackIndex], unit, out var sample))
        {
            return false;
        }

        Add(trackIndex, sample);
        return true;
    }

    /// <summary>
    /// Adds a sample; the previous sample of that track becomes ready with duration = this DTS − its DTS
    /// (0 when DTS went backwards, so a bad timestamp never makes a negative duration).
    /// </summary>
    public void Add(int trackIndex, in Fmp4Sample sample)
    {
        if (_pending[trackIndex] is { } prev)
        {
            var d = sample.Dts - prev.Sample.Dts;
            var duration = d <= 0 ? 0u : d >= uint.MaxValue ? uint.MaxValue : (uint)d;
            _ready[trackIndex].Add(prev with { Duration = duration });
            _lastDuration[trackIndex] = duration;
            _readyDuration[trackIndex] += duration;
        }

        _pending[trackIndex] = new Entry(sample, 0);
    }

    /// <summary>
    /// From the next fragment on, tfdt of track <paramref name="trackIndex"/> counts from <paramref name="dts"/> (in its
    /// timescale) instead of 0: a recording segment starts its timeline near 0. A sample before the origin gets tfdt 0.
    /// </summary>
    public void SetDecodeTimeOrigin(int trackIndex, long dts) => _decodeTimeOrigin[trackIndex] = dts;

    /// <summary>Samples of a track whose duration is known and that the next fragment will carry.</summary>
    public int ReadyCount(int trackIndex) => _ready[trackIndex].Count;

    /// <summary>Sum of the ready samples' durations of a track, in its timescale.</summary>
    public long ReadyDuration(int trackIndex) => _readyDuration[trackIndex];

    /// <summary>DTS of the held-back sample of a track, if any.</summary>
    public long? PendingDts(int trackIndex) => _pending[trackIndex]?.Sample.Dts;

    /// <summary>Writes the ready samples of every track as moof + mdat. Returns the bytes written, 0 when nothing was ready.</summary>
    public int Write(IBufferWriter<byte> output) => WriteFragment(output);

    /// <summary>
    /// Writes the ready samples plus each track's held-back sample, whose duration is taken from
    /// <paramref name="finalDurations"/> (per track, in its timescale) or, when absent or 0, repeats the previous duration.
    /// </summary>
    public int WriteFinal(IBufferWriter<byte> output, ReadOnlySpan<long> finalDurations = default)
    {
        for (var i = 0; i < _tracks.Length; i++)
        {
            if (_pending[i] is { } last)
            {
                var d = i < finalDurations.Length && finalDurations[i] > 0 ? (uint)Math.Min(finalDurations[i], uint.MaxValue) : _lastDuration[i];
                _ready[i].Add(last with { Duration = d });
                _pending[i] = null;
            }
        }

        return WriteFragment(output);
    }

    /// <summary>Forgets every sample (held back or ready), e.g. when a new init segment starts a new timeline.</summary>
    public void Reset()
    {
        for (var i = 0; i < _tracks.Length; i++)
        {
            _ready[i].Clear();
            _pending[i] = null;
            _lastDuration[i] = 0;
            _readyDuration[i] = 0;
        }
    }

    /// <summary>Writes an styp box (§8.16.2) for the start of a standalone media segment.</summary>
    public static void WriteStyp(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var s = output.GetSpan(24);
        BinaryPrimitives.WriteUInt32BigEndian(s, 24);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], Mp4BoxTypes.Styp);
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], 0x6D736468); // "msdh"
        BinaryPrimitives.WriteUInt32BigEndian(s[12..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(s[16..], 0x6D736468);
        BinaryPrimitives.WriteUInt32BigEndian(s[20..], 0x6D736978); // "msix"
        output.Advance(24);
    }

    internal readonly record struct Entry(Fmp4Sample Sample, uint Duration);
}
