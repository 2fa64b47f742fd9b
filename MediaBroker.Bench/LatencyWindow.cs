namespace MediaBroker.Bench;

/// <summary>The measured window of a latency run, shared by all readers of that run.</summary>
internal sealed class LatencyWindow
{
    private volatile bool _open;

    public bool Open
    {
        get => _open;
        set => _open = value;
    }
}
