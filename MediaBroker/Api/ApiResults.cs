using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>MediaMTX's response envelopes: <c>{"status":"ok"}</c>, <c>{"status":"error","error":"..."}</c>, and JSON bodies.</summary>
public static class ApiResults
{
    /// <summary>
    /// Field names as MediaMTX writes them (camelCase), nulls kept. Locked with its resolver up front (the serializer would
    /// lock it on first use anyway) so that the OpenAPI document can read the same contracts the items are written with.
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    public static Task OkAsync(HttpContext ctx) => JsonAsync(ctx, new JsonObject { ["status"] = "ok" });

    public static Task ErrorAsync(HttpContext ctx, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Response.StatusCode = status;
        return JsonAsync(ctx, new JsonObject { ["status"] = "error", ["error"] = message });
    }

    public static Task JsonAsync(HttpContext ctx, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(body);
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted);
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Serializes an item of a protocol resource (records with camelCase properties).</summary>
    public static JsonNode? ToNode(object? item) =>
        item is null ? null : item as JsonNode ?? JsonSerializer.SerializeToNode(item, item.GetType(), JsonOptions);
}
