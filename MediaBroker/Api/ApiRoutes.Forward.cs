using System.Text.Json.Nodes;
using MediaBroker.Forward;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>MediaMTX's <c>/v3/paths/forward/list?path=</c> and <c>/get?path=&amp;id=</c>: the forward destinations of an active path.</summary>
public sealed partial class ApiRoutes
{
    private Task ForwardListAsync(HttpContext ctx)
    {
        if (FindForwards(ctx) is not { } dests)
        {
            return ForwardPathErrorAsync(ctx);
        }

        return ApiPagination.WriteAsync(ctx, [.. dests.Select(d => (JsonNode?)ForwardJson(d))]);
    }

    private Task ForwardGetAsync(HttpContext ctx)
    {
        if (FindForwards(ctx) is not { } dests)
        {
            return ForwardPathErrorAsync(ctx);
        }

        if (!Guid.TryParse(ctx.Request.Query["id"].ToString(), out var id))
        {
            return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'id' parameter");
        }

        return dests.FirstOrDefault(d => d.Session.Id == id) is { } dest
            ? ApiResults.JsonAsync(ctx, ForwardJson(dest))
            : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "forward destination not found");
    }

    /// <summary>The destinations of the <c>path</c> query parameter's path; null when it is missing or not active.</summary>
    private IReadOnlyList<ForwardDest>? FindForwards(HttpContext ctx)
    {
        var name = ctx.Request.Query["path"].ToString();
        if (name.Length == 0 || _paths.Find(name) is null)
        {
            return null;
        }

        return _forwards?.Of(name) ?? [];
    }

    private static Task ForwardPathErrorAsync(HttpContext ctx) => ctx.Request.Query["path"].ToString().Length == 0
        ? ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'path' parameter")
        : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "path not found");

    private static JsonObject ForwardJson(ForwardDest d) => new()
    {
        ["id"] = d.Session.Id.ToString(),
        ["pos"] = d.Pos,
        ["created"] = ApiPathItem.Time(d.Session.Created),
        ["conf"] = new JsonObject
        {
            ["dest"] = d.Conf.Dest,
            ["destFingerprint"] = d.Conf.DestFingerprint,
            ["whipBearerToken"] = d.Conf.WhipBearerToken,
        },
        ["protocol"] = d.Session.Protocol,
        ["state"] = d.Session.State.ToApi(),
        ["lastError"] = d.Session.LastError ?? "",
        ["outboundBytes"] = d.Session.OutboundBytes,
    };
}
