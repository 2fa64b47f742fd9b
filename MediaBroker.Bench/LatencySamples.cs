using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// One reader's latency samples. Only the reader's own receive loop writes; the runner reads after the window is
/// closed. Samples are kept while <see cref="LatencyWindow.Open"/> is true, so ramp-up and warm-up do not count.
/// </summary>
internal sealed class LatencySamples(LatencyWindow window)
{
    private long[] _ticks = new long[1024];
    private long[] _kernelTicks = new long[1024];
    private long[] _sequences = new long[1024];
    private long[] _sentAt = new long[1024];
    private long _lastSequence = -1;

    public int Count { get; private set; }

    /// <summary>Frames whose marker was seen at all (window open or not): proof that the path carries it.</summary>
    public long Seen { get; private set; }

    /// <summary>Looks for the marker in what just arrived at <paramref name="receivedAt"/>; records receive − send once per frame.</summary>
    public void Scan(ReadOnlySpan<byte> data, long receivedAt) => TryRecord(data, receivedAt, -1);

    /// <summary>
    /// As <see cref="Scan"/>; on a new frame also records the kernel's receive time for the datagram, which
    /// <paramref name="kernelTime"/> is asked for only then (one syscall per frame, not per packet).
    /// </summary>
    public void Scan(ReadOnlySpan<byte> data, long receivedAt, IKernelClock kernelTime)
    {
        if (SeiMarker.TryFind(data, out var sequence, out _) && sequence != _lastSequence)
        {
            TryRecord(data, receivedAt, kernelTime.LastReceiveTimestamp());
        }
    }

    public IEnumerable<(long Sequence, double Ms, double KernelMs)> Samples()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return (_sequences[i], _ticks[i] * 1000.0 / Stopwatch.Frequency, _kernelTicks[i] < 0 ? double.NaN : _kernelTicks[i] * 1000.0 / Stopwatch.Frequency);
        }
    }

    /// <summary>Each sample with its frame's send time (Stopwatch ticks), to sort samples into phases of a run.</summary>
    public IEnumerable<(long SentAt, double Ms)> Timed()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return (_sentAt[i], _ticks[i] * 1000.0 / Stopwatch.Frequency);
        }
    }

    private void TryRecord(ReadOnlySpan<byte> data, long receivedAt, long kernelAt)
    {
        if (!SeiMarker.TryFind(data, out var sequence, out var sentAt) || sequence == _lastSequence)
        {
            return;
        }

        _lastSequence = sequence;
        Seen++;
        if (!window.Open)
        {
            return;
        }

        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
            Array.Resize(ref _kernelTicks, _ticks.Length);
            Array.Resize(ref _sequences, _ticks.Length);
            Array.Resize(ref _sentAt, _ticks.Length);
        }

        _sequences[Count] = sequence;
        _sentAt[Count] = sentAt;
        _kernelTicks[Count] = kernelAt < 0 ? -1 : kernelAt - sentAt;
        _ticks[Count++] = receivedAt - sentAt;
    }
}
