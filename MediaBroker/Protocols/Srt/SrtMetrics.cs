using System.Globalization;
using System.Reflection;
using System.Text;
using MediaBroker.Metrics;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// MediaMTX's srt_conns section: one srt_conns_* series per libsrt statistic of <see cref="SrtConnInfo"/>, named as
/// MediaMTX names them (the property in snake case: MsRTT → srt_conns_ms_rtt), in the item's field order.
/// </summary>
public static class SrtMetrics
{
    private static readonly IReadOnlyList<MetricSeries<SrtConnInfo>> Stats = BuildStats();

    public static IMetricsProvider Conns(Func<IReadOnlyList<SrtConnInfo>> items, Func<bool> enabled) =>
        MetricsProvider.Create(MetricsOrder.SrtConns, new MetricsSection<SrtConnInfo>
        {
            Type = "srt_conns",
            Title = "SRT connections",
            FilterKey = "srt_conn",
            FilterValue = c => c.Id.ToString(),
            Labels = c => [new("id", c.Id.ToString()), new("path", c.Path), new("remoteAddr", c.RemoteAddr), new("state", c.State)],
            Series = [new("srt_conns", _ => 1), .. Stats],
        }, items, enabled);

    /// <summary>Series for every numeric property (the statistics), built once; the identity fields are labels.</summary>
    private static List<MetricSeries<SrtConnInfo>> BuildStats()
    {
        var list = new List<MetricSeries<SrtConnInfo>>();
        foreach (var p in typeof(SrtConnInfo).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var t = p.PropertyType;
            if (t == typeof(long) || t == typeof(ulong) || t == typeof(double))
            {
                var prop = p;
                list.Add(new("srt_conns_" + SnakeCase(p.Name), c => Convert.ToDouble(prop.GetValue(c), CultureInfo.InvariantCulture), t == typeof(double)));
            }
        }

        return list;
    }

    /// <summary>PacketsSentACK → packets_sent_ack, MsSendTsbPdDelay → ms_send_tsb_pd_delay.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var wordStart = char.IsUpper(c) && i > 0 && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (wordStart)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
