using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>Frames sent by the tool publisher and the longest serialize+write time (how late the embedded send time can be).</summary>
internal sealed class PublisherStats
{
    private long _frames;
    private long _maxWriteTicks;

    public long Frames => Interlocked.Read(ref _frames);

    public double MaxWriteMs => Interlocked.Read(ref _maxWriteTicks) * 1000.0 / Stopwatch.Frequency;

    public void Add(long writeTicks)
    {
        Interlocked.Increment(ref _frames);
        if (writeTicks > Interlocked.Read(ref _maxWriteTicks))
        {
            Interlocked.Exchange(ref _maxWriteTicks, writeTicks);
        }
    }

    public void ResetMax() => Interlocked.Exchange(ref _maxWriteTicks, 0);
}
