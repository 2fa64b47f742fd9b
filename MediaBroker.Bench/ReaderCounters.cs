using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>What one reader received. Written by the reader's own loop, read by the sampler; torn reads of a counter are acceptable.</summary>
internal sealed class ReaderCounters
{
    private long _bytes;
    private long _messages;
    private long _lastMediaTimestamp;
    private long _maxGapTicks;
    private TaskCompletionSource? _firstMedia;
    private long _requests;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Video messages (RTMP), RTP packets (RTSP) or fetched parts/segments (HLS).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>HTTP requests sent (HLS only): the broker's cost is per request as much as per byte.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public string? Error { get; set; }

    /// <summary>When set, the reader scans video for the latency marker; null keeps the counting path scan-free.</summary>
    public LatencySamples? Latency { get; init; }
    public void AddRequest() => Interlocked.Increment(ref _requests);

    public bool Started => Interlocked.Read(ref _lastMediaTimestamp) != 0;

    /// <summary>Completes when the first media arrives (the churn scenario disconnects then); created on first use.</summary>
    public Task FirstMedia
    {
        get
        {
            var tcs = Volatile.Read(ref _firstMedia);
            if (tcs is null)
            {
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                tcs = Interlocked.CompareExchange(ref _firstMedia, tcs, null) ?? tcs;
            }

            if (Started)
            {
                tcs.TrySetResult();
            }

            return tcs.Task;
        }
    }

    public void AddMedia(int bytes, int messages = 1)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Exchange(ref _lastMediaTimestamp, now);
        if (last == 0)
        {
            Volatile.Read(ref _firstMedia)?.TrySetResult();
        }
        if (last != 0 && now - last > Interlocked.Read(ref _maxGapTicks))
        {
            Interlocked.Exchange(ref _maxGapTicks, now - last);
        }

        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _messages, messages);
    }

    /// <summary>Forgets the largest gap so that only the steady window counts.</summary>
    public void ResetGap() => Interlocked.Exchange(ref _maxGapTicks, 0);

    /// <summary>The largest gap between media seen since the last reset, including the gap still open now.</summary>
    public TimeSpan MaxGap()
    {
        var last = Interlocked.Read(ref _lastMediaTimestamp);
        var open = last == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(last);
        var max = TimeSpan.FromSeconds((double)Interlocked.Read(ref _maxGapTicks) / Stopwatch.Frequency);
        return open > max ? open : max;
    }
}
