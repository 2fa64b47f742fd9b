namespace MediaBroker.Metrics;

/// <summary>
/// Adds sections to <c>/metrics</c>. Registered in DI; written in <see cref="Order"/> (MediaMTX's section order,
/// see <see cref="MetricsOrder"/>). A protocol usually registers <see cref="MetricsProvider.Create{T}"/>.
/// </summary>
public interface IMetricsProvider
{
    int Order { get; }

    void Write(MetricsWriter writer);
}

/// <summary>MediaMTX's section order.</summary>
public static class MetricsOrder
{
    public const int Paths = 0;
    public const int HlsSessions = 20;
    public const int HlsMuxers = 30;
    public const int RtspConns = 40;
    public const int RtspSessions = 50;
    public const int RtspsConns = 60;
    public const int RtspsSessions = 70;
    public const int RtmpConns = 80;
    public const int RtmpsConns = 90;
    public const int SrtConns = 100;
    public const int WebRtcSessions = 110;
    public const int MoqSessions = 120;
    public const int HttpStreamSessions = 130;

    /// <summary>The broker's own System.Diagnostics.Metrics instruments, after every MediaMTX section.</summary>
    public const int Broker = 1000;
}

/// <summary>Builds a provider from a section and an item source.</summary>
public static class MetricsProvider
{
    /// <param name="enabled">False while the protocol server is off: MediaMTX then prints nothing for it.</param>
    public static IMetricsProvider Create<T>(int order, MetricsSection<T> section, Func<IReadOnlyList<T>> items, Func<bool>? enabled = null) =>
        new SectionProvider<T>(order, section, items, enabled);

    private sealed class SectionProvider<T>(int order, MetricsSection<T> section, Func<IReadOnlyList<T>> items, Func<bool>? enabled)
        : IMetricsProvider
    {
        public int Order => order;

        public void Write(MetricsWriter writer)
        {
            if (enabled?.Invoke() ?? true)
            {
                section.Write(writer, items());
            }
        }
    }
}
