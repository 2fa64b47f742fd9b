namespace MediaBroker.Bench;

/// <summary>The shared progress of a churn run: connections handed out and completed, failures, RSS samples and peak.</summary>
internal sealed class ChurnState
{
    private readonly int _total;
    private readonly List<long> _samples = [];
    private readonly Lock _gate = new();
    private int _taken;
    private int _completed;
    private int _failures;
    private long _peakKib;

    public ChurnState(int total, int sampleEvery, int pid)
    {
        _total = total;
        SampleEvery = Math.Max(1, sampleEvery);
        Pid = pid;
    }

    public int SampleEvery { get; }

    /// <summary>The broker's process id.</summary>
    public int Pid { get; }

    public int Failures => Volatile.Read(ref _failures);

    public long PeakKib => Interlocked.Read(ref _peakKib);

    public string? FirstError { get; private set; }

    public long LastSampleKib
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count == 0 ? 0 : _samples[^1];
            }
        }
    }

    /// <summary>Claims the next connection number; false when all have been handed out.</summary>
    public bool TryTake() => Interlocked.Increment(ref _taken) <= _total;

    /// <summary>Records one finished connection (error null = it received media) and returns how many have finished.</summary>
    public int Complete(string? error)
    {
        if (error is not null)
        {
            Interlocked.Increment(ref _failures);
            lock (_gate)
            {
                FirstError ??= error;
            }
        }

        var done = Interlocked.Increment(ref _completed);
        if (done % SampleEvery == 0)
        {
            var rss = ProcStats.RssKib(Pid);
            Peak(rss);
            lock (_gate)
            {
                _samples.Add(rss);
            }
        }

        return done;
    }

    public void Peak(long rssKib)
    {
        var current = Interlocked.Read(ref _peakKib);
        while (rssKib > current)
        {
            var seen = Interlocked.CompareExchange(ref _peakKib, rssKib, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public IReadOnlyList<long> Samples()
    {
        lock (_gate)
        {
            return [.. _samples];
        }
    }
}
