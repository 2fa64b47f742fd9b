using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// One reader's latency samples. Only the reader's own receive loop writes; the runner reads after the window is
/// closed. Samples are kept while <see cref="LatencyWindow.Open"/> is true, so ramp-up and warm-up do not count.
/// </summary>
internal sealed class LatencySamples(LatencyWindow window)
{
    private long[] _ticks = new long[1024];
    private long _lastSequence = -1;

    public int Count { get; private set; }

    /// <summary>Frames whose marker was seen at all (window open or not): proof that the path carries it.</summary>
    public long Seen { get; private set; }

    /// <summary>Looks for the marker in what just arrived at <paramref name="receivedAt"/>; records receive − send once per frame.</summary>
    public void Scan(ReadOnlySpan<byte> data, long receivedAt)
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
        }

        _ticks[Count++] = receivedAt - sentAt;
    }

    /// <summary>The samples in milliseconds.</summary>
    public IEnumerable<double> Milliseconds()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _ticks[i] * 1000.0 / Stopwatch.Frequency;
        }
    }
}
