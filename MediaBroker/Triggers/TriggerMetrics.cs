using System.Collections.Concurrent;
using System.Diagnostics;
using MediaBroker.Metrics;

namespace MediaBroker.Triggers;

/// <summary>
/// Per-trigger counters on <c>/metrics</c> (section <c>type=triggers</c>): handler runs, failures (error, timeout),
/// non-blocking runs skipped because too many were running, and the time handlers took.
/// </summary>
public sealed class TriggerMetrics : IMetricsProvider
{
    public const string SectionType = "triggers";

    private readonly ConcurrentDictionary<string, Counters> _byName = new(StringComparer.Ordinal);

    /// <summary>After the broker's own instruments.</summary>
    public int Order => MetricsOrder.Broker + 100;

    public void Ran(string trigger, long startTimestamp, bool failed)
    {
        var c = _byName.GetOrAdd(trigger, _ => new Counters());
        Interlocked.Increment(ref c.Fired);
        Interlocked.Add(ref c.DurationTicks, Stopwatch.GetElapsedTime(startTimestamp).Ticks);
        if (failed)
        {
            Interlocked.Increment(ref c.Failures);
        }
    }

    public void Dropped(string trigger) => Interlocked.Increment(ref _byName.GetOrAdd(trigger, _ => new Counters()).Dropped);

    /// <summary>(fired, failures, dropped, duration) of one trigger, for tests.</summary>
    public (long Fired, long Failures, long Dropped, TimeSpan Duration) Get(string trigger) =>
        _byName.TryGetValue(trigger, out var c)
            ? (Interlocked.Read(ref c.Fired), Interlocked.Read(ref c.Failures), Interlocked.Read(ref c.Dropped), TimeSpan.FromTicks(Interlocked.Read(ref c.DurationTicks)))
            : (0, 0, 0, TimeSpan.Zero);

    public void Write(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var q = writer.Query;
        if ((q.Type.Length != 0 && q.Type != SectionType) || q.AnyFilter || _byName.IsEmpty)
        {
            return;
        }

        var names = _byName.Keys.Order(StringComparer.Ordinal).ToList();
        writer.Comment("Triggers");
        Series(writer, names, "triggers_fired_total", c => Interlocked.Read(ref c.Fired), false);
        Series(writer, names, "triggers_failures_total", c => Interlocked.Read(ref c.Failures), false);
        Series(writer, names, "triggers_dropped_total", c => Interlocked.Read(ref c.Dropped), false);
        Series(writer, names, "triggers_duration_seconds_sum", c => TimeSpan.FromTicks(Interlocked.Read(ref c.DurationTicks)).TotalSeconds, true);
        writer.Blank();
    }

    private void Series(MetricsWriter writer, List<string> names, string metric, Func<Counters, double> value, bool isFloat)
    {
        foreach (var name in names)
        {
            writer.Line(metric, MetricsWriter.Labels([new("name", name)]), value(_byName[name]), isFloat);
        }
    }

    private sealed class Counters
    {
        public long Fired;
        public long Failures;
        public long Dropped;
        public long DurationTicks;
    }
}
