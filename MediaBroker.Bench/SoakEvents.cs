namespace MediaBroker.Bench;

/// <summary>What the soak's actors did, counted from their own loops; failures keep their first few reasons.</summary>
internal sealed class SoakEvents
{
    private readonly Lock _gate = new();
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Count(string what, int n = 1)
    {
        lock (_gate)
        {
            _counts[what] = _counts.GetValueOrDefault(what) + n;
        }
    }

    /// <summary>Counts <paramref name="what"/> and keeps the reason (the first 20).</summary>
    public void Fail(string what, string reason)
    {
        lock (_gate)
        {
            _counts[what] = _counts.GetValueOrDefault(what) + 1;
            if (_failures.Count < 20)
            {
                _failures.Add($"{what}: {reason}");
            }
        }
    }

    public int this[string what]
    {
        get
        {
            lock (_gate)
            {
                return _counts.GetValueOrDefault(what);
            }
        }
    }

    public SortedDictionary<string, int> Counts()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public List<string> FailureReasons()
    {
        lock (_gate)
        {
            return [.. _failures];
        }
    }
}
