using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Api;
using MediaBroker.Metrics;

namespace MediaBroker.Tests;

/// <summary>
/// What the control plane makes of a protocol's records: the JSON the API writes for an item and the text a metrics
/// section prints. Each protocol's tests compare them with MediaMTX's golden field names and series.
/// </summary>
internal static class ApiItems
{
    public static readonly Guid Id = Guid.Parse("5f0c2f8e-5b7c-4f39-9c1e-0a4f6e1d2c3b");
    public static readonly DateTime Created = new(2026, 8, 22, 10, 0, 0, DateTimeKind.Utc);

    public static JsonObject Json(object item) => JsonSerializer.SerializeToNode(item, item.GetType(), ApiResults.JsonOptions)!.AsObject();

    public static string[] Keys(object item) => [.. Json(item).Select(kv => kv.Key)];

    public static string MetricsText(IMetricsProvider provider, MetricsQuery? query = null)
    {
        var w = new MetricsWriter(query ?? new MetricsQuery());
        provider.Write(w);
        return w.ToString();
    }
}
