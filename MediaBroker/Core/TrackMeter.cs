namespace MediaBroker.Core;

/// <summary>
/// What one track of a stream carried over its last <see cref="WindowMilliseconds"/> of media time: bytes, units, and
/// the decode times of the first and last unit, from which the stream info reports a bit rate and a frame rate. The
/// publisher's task is the only writer (one call per unit, no allocation, no lock); anyone may read. Units are counted
/// in half-second buckets of their decode time, kept in a ring; a reader sums the buckets inside the window. A reader
/// racing the writer may miss or count one unit more, which does not matter for a rate over ten seconds.
/// </summary>
public sealed class TrackMeter
{
    /// <summary>The media time the rates are measured over, ending at the last unit.</summary>
    public const int WindowMilliseconds = 10_000;

    private const int BucketMilliseconds = 500;
    private const int WindowBuckets = WindowMilliseconds / BucketMilliseconds;

    // Two more slots than the window: the slot being recycled for a new bucket is never one a reader still sums.
    private const int Slots = WindowBuckets + 2;

    private readonly int _clockRate;
    private readonly long[] _bucketKey = new long[Slots];
    private readonly long[] _bucketFirstMs = new long[Slots];
    private readonly long[] _bucketBytes = new long[Slots];
    private readonly long[] _bucketUnits = new long[Slots];
    private long _lastMs;
    private long _units;

    public TrackMeter(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        _clockRate = clockRate;
        Array.Fill(_bucketKey, long.MinValue);
    }

    /// <summary>Counts one unit of <paramref name="bytes"/> decoded at <paramref name="dts"/> (track clock ticks). Writer only.</summary>
    public void Add(long dts, int bytes)
    {
        var ms = dts * 1000 / _clockRate;
        var key = Math.DivRem(ms, BucketMilliseconds, out var rem) - (rem < 0 ? 1 : 0);
        var slot = (int)(((key % Slots) + Slots) % Slots);
        if (_bucketKey[slot] != key)
        {
            // Reset first, then publish the key: a reader that sees the new key sees the reset counts.
            Volatile.Write(ref _bucketBytes[slot], 0);
            Volatile.Write(ref _bucketUnits[slot], 0);
            Volatile.Write(ref _bucketFirstMs[slot], ms);
            Volatile.Write(ref _bucketKey[slot], key);
        }

        Volatile.Write(ref _bucketBytes[slot], _bucketBytes[slot] + bytes);
        Volatile.Write(ref _bucketUnits[slot], _bucketUnits[slot] + 1);
        Volatile.Write(ref _lastMs, ms);
        Volatile.Write(ref _units, _units + 1);
    }

    /// <summary>The window now: null until the track has had a unit.</summary>
    public TrackMeterReading? Read()
    {
        if (Volatile.Read(ref _units) == 0)
        {
            return null;
        }

        var lastMs = Volatile.Read(ref _lastMs);
        var lastKey = Math.DivRem(lastMs, BucketMilliseconds, out var rem) - (rem < 0 ? 1 : 0);
        long bytes = 0, units = 0, firstMs = lastMs;
        for (var i = 0; i < Slots; i++)
        {
            var key = Volatile.Read(ref _bucketKey[i]);

            // Buckets after the last unit's exist only when the writer went back in time (a new timeline): left out.
            if (key > lastKey || key <= lastKey - WindowBuckets)
            {
                continue;
            }

            bytes += Volatile.Read(ref _bucketBytes[i]);
            units += Volatile.Read(ref _bucketUnits[i]);
            firstMs = Math.Min(firstMs, Volatile.Read(ref _bucketFirstMs[i]));
        }

        return new TrackMeterReading(firstMs, lastMs, bytes, units);
    }
}

/// <summary>
/// A <see cref="TrackMeter"/>'s window: <see cref="Units"/> units of <see cref="Bytes"/> bytes in all, decoded from
/// <see cref="FirstMs"/> to <see cref="LastMs"/> (milliseconds on the path's clock).
/// </summary>
public readonly record struct TrackMeterReading(long FirstMs, long LastMs, long Bytes, long Units)
{
    /// <summary>
    /// Bytes per second. The window holds <see cref="Units"/> units but only Units - 1 intervals between their times, so
    /// one unit's bytes (the average) are left out: a steady stream reads its exact rate. 0 with fewer than two units.
    /// </summary>
    public double BytesPerSecond => Units > 1 && LastMs > FirstMs ? Bytes * (Units - 1) / (double)Units * 1000.0 / (LastMs - FirstMs) : 0;

    /// <summary>Units per second over the window (for video, frames per second); 0 with fewer than two units.</summary>
    public double UnitsPerSecond => Units > 1 && LastMs > FirstMs ? (Units - 1) * 1000.0 / (LastMs - FirstMs) : 0;
}
