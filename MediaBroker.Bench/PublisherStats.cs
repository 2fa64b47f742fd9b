using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// Frames sent by the tool publisher and the longest serialize+write time (how late the embedded send time can be).
/// With <see cref="KeepDelays"/> it also keeps every frame's send delay: how long after its due time (frame index /
/// 30 s after the start) its last byte reached the socket, i.e. the publisher's drift plus its blocked write.
/// Only the publisher's loop writes; the delays are read after it has stopped.
/// </summary>
internal sealed class PublisherStats
{
    private long _frames;
    private long _maxWriteTicks;
    private long[] _sentAt = [];
    private long[] _delayTicks = [];
    private int _delays;

    public bool KeepDelays { get; init; }

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

    /// <summary>As <see cref="Add(long)"/>, and keeps the frame's send delay (lateness at stamping + write) when asked to.</summary>
    public void Add(long sentAt, long writeTicks, long lateTicks)
    {
        Add(writeTicks);
        if (!KeepDelays)
        {
            return;
        }

        if (_delays == _sentAt.Length)
        {
            Array.Resize(ref _sentAt, Math.Max(1024, _sentAt.Length * 2));
            Array.Resize(ref _delayTicks, _sentAt.Length);
        }

        _sentAt[_delays] = sentAt;
        _delayTicks[_delays++] = Math.Max(0, lateTicks) + writeTicks;
    }

    /// <summary>Every kept frame: its send time (Stopwatch ticks) and send delay in ms.</summary>
    public IEnumerable<(long SentAt, double Ms)> Delays()
    {
        for (var i = 0; i < _delays; i++)
        {
            yield return (_sentAt[i], _delayTicks[i] * 1000.0 / Stopwatch.Frequency);
        }
    }

    public void ResetMax() => Interlocked.Exchange(ref _maxWriteTicks, 0);
}
