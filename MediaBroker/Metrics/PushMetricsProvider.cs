using MediaBroker.Push;

namespace MediaBroker.Metrics;

/// <summary>The pushes section (MediaBroker extension): <c>pushes{id,path,protocol,state}</c> and <c>pushes_outbound_bytes</c>.</summary>
public static class PushMetricsProvider
{
    public const int Order = 130;

    public static IMetricsProvider Create(PushManager pushes)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        var section = new MetricsSection<PushInfo>
        {
            Type = "pushes",
            Title = "pushes",
            FilterKey = "push",
            FilterValue = p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Labels = p => [new("id", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("path", p.Path),
                new("protocol", p.Protocol), new("state", p.State)],
            Series = [new("pushes", _ => 1), new("pushes_outbound_bytes", p => p.OutboundBytes)],
        };
        return MetricsProvider.Create(Order, section, pushes.List);
    }
}
