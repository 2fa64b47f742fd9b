namespace MediaBroker.Metrics;

/// <summary>One series of a section: its name and how to read its value from an item. Floats print like Go's 'f', -1.</summary>
public sealed record MetricSeries<T>(string Name, Func<T, double> Value, bool IsFloat = false);
