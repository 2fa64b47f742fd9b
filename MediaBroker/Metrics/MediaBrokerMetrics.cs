using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using MediaBroker.Core;

namespace MediaBroker.Metrics;

/// <summary>
/// The broker's own instruments on <see cref="System.Diagnostics.Metrics"/> (so dotnet-counters and an OTLP
/// exporter see them), and their Prometheus text for <c>/metrics</c>, read with a <see cref="MeterListener"/>.
/// </summary>
public sealed class MediaBrokerMetrics : IMetricsProvider, IDisposable
{
    public const string MeterName = "MediaBroker";

    private readonly Meter _meter;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, double> _values = new();
    private readonly Lock _collect = new();

    public MediaBrokerMetrics(IMeterFactory meterFactory, PathManager paths)
        : this(meterFactory, () => paths.Paths)
    {
    }

    /// <param name="paths">Read at collection time only, so the path manager may be created after this (hooks feed both).</param>
    public MediaBrokerMetrics(IMeterFactory meterFactory, Func<IReadOnlyList<MediaPath>> paths)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(paths);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("mediabroker.paths", () => paths().Count, "{path}", "Paths that exist now.");
        _meter.CreateObservableGauge("mediabroker.paths.ready", () => paths().Count(p => p.IsReady), "{path}", "Paths with a stream.");
        _meter.CreateObservableGauge("mediabroker.readers", () => paths().Sum(p => p.ReaderCount), "{reader}", "Readers on every path.");
        // The managed heap as of the last GC (not counting garbage allocated since), so a leak shows as a trend, not a sawtooth.
        _meter.CreateObservableGauge("mediabroker.gc.heap", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Managed heap size after the last garbage collection.");
        // Every byte the process has allocated (garbage included): its rate is what the garbage collector has to clean up,
        // deterministic where CPU timings are not (docs/benchmarks.md, ingest allocations).
        _meter.CreateObservableCounter("mediabroker.gc.allocated", () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated on the managed heap since the process started.");
        _meter.CreateObservableCounter("mediabroker.inbound", () => paths().Sum(p => p.InboundBytes), "By", "Bytes received by the paths that exist now.");
        HooksStarted = _meter.CreateCounter<long>("mediabroker.hooks.started", "{process}", "Hook commands started.");
        ConfChanges = _meter.CreateCounter<long>("mediabroker.api.conf_changes", "{change}", "Configuration changes made through the API.");

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, _, _) => Record(i, v));
        _listener.SetMeasurementEventCallback<int>((i, v, _, _) => Record(i, v));
        _listener.Start();
    }

    public Counter<long> HooksStarted { get; }

    public Counter<long> ConfChanges { get; }

    public int Order => MetricsOrder.Broker;

    /// <summary>Only on an unfiltered scrape: the MediaMTX sections stay exactly as MediaMTX prints them.</summary>
    public void Write(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.Query.Type.Length != 0 || writer.Query.AnyFilter)
        {
            return;
        }

        KeyValuePair<Instrument, double>[] snapshot;
        lock (_collect)
        {
            _listener.RecordObservableInstruments();
            snapshot = [.. _values];
        }

        var sb = new StringBuilder();
        sb.Append("# MediaBroker\n");
        foreach (var (instrument, value) in snapshot.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal))
        {
            var name = PrometheusName(instrument);
            var type = instrument is Counter<long> or ObservableCounter<long> ? "counter" : "gauge";
            sb.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            sb.Append(name).Append(' ').Append(MetricsWriter.Format(value, false)).Append('\n');
        }

        writer.Raw(sb.Append('\n').ToString());
    }

    /// <summary>OpenTelemetry's Prometheus naming: dots to underscores, the unit (By → bytes) appended, <c>_total</c> on counters.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "By")
        {
            name += "_bytes";
        }

        return instrument is Counter<long> or ObservableCounter<long> ? name + "_total" : name;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    private void Record(Instrument instrument, long value)
    {
        if (instrument is Counter<long>)
        {
            _values.AddOrUpdate(instrument, value, (_, old) => old + value);
        }
        else
        {
            _values[instrument] = value;
        }
    }
}
