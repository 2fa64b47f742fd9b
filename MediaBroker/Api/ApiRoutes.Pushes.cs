using System.Globalization;
using System.Text.Json.Nodes;
using MediaBroker.Conf;
using MediaBroker.Push;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>
/// MediaBroker's push resources (docs/pushes.md): <c>/v3/pushes/*</c> start, list and stop pushes of ready paths;
/// <c>/v3/autopushes/*</c> edit the <c>autoPushes</c> rules through the same change path as the config routes, so
/// that <c>apiPersistConfig</c> saves them.
/// </summary>
public sealed partial class ApiRoutes
{
    private Task PushesListAsync(HttpContext ctx) => _pushes is null
        ? NoPushesAsync(ctx)
        : ApiPagination.WriteAsync(ctx, [.. _pushes.List().Select(p => ApiResults.ToNode(p))]);

    private Task PushesGetAsync(HttpContext ctx)
    {
        if (_pushes is null)
        {
            return NoPushesAsync(ctx);
        }

        if (!int.TryParse(RouteValue(ctx, "id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid id");
        }

        return _pushes.Get(id) is { } push
            ? ApiResults.JsonAsync(ctx, ApiResults.ToNode(push)!)
            : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "push not found");
    }

    private async Task PushesStartAsync(HttpContext ctx)
    {
        if (_pushes is null)
        {
            await NoPushesAsync(ctx).ConfigureAwait(false);
            return;
        }

        var body = await ReadObjectAsync(ctx).ConfigureAwait(false);
        if (!TryPathAndTarget(body, out var path, out var target, out var bad))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, bad).ConfigureAwait(false);
            return;
        }

        var push = _pushes.Start(path, target, out var error);
        await (push is null
            ? ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, error)
            : ApiResults.JsonAsync(ctx, ApiResults.ToNode(push)!)).ConfigureAwait(false);
    }

    private async Task PushesStopAsync(HttpContext ctx)
    {
        if (_pushes is null)
        {
            await NoPushesAsync(ctx).ConfigureAwait(false);
            return;
        }

        if (!int.TryParse(RouteValue(ctx, "id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid id").ConfigureAwait(false);
            return;
        }

        await (await _pushes.StopAsync(id).ConfigureAwait(false)
            ? ApiResults.OkAsync(ctx)
            : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "push not found")).ConfigureAwait(false);
    }

    private Task AutoPushesListAsync(HttpContext ctx) =>
        ApiPagination.WriteAsync(ctx, [.. _conf.Current.AutoPushes.Select(a => ApiResults.ToNode(a))]);

    private async Task AutoPushesAddAsync(HttpContext ctx)
    {
        var body = await ReadObjectAsync(ctx).ConfigureAwait(false);
        if (!TryPathAndTarget(body, out var path, out var target, out var bad))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, bad).ConfigureAwait(false);
            return;
        }

        var (status, error) = await AddAutoPushAsync(path, target, ctx.RequestAborted).ConfigureAwait(false);
        await (error is null ? ApiResults.OkAsync(ctx) : ApiResults.ErrorAsync(ctx, status, error)).ConfigureAwait(false);
    }

    private async Task AutoPushesRemoveAsync(HttpContext ctx)
    {
        var body = await ReadObjectAsync(ctx).ConfigureAwait(false);
        if (!TryPathAndTarget(body, out var path, out var target, out var bad))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, bad).ConfigureAwait(false);
            return;
        }

        var (status, error) = await RemoveAutoPushesAsync(a => a.Path == path && a.Target == target, ctx.RequestAborted).ConfigureAwait(false);
        await (error is null ? ApiResults.OkAsync(ctx) : ApiResults.ErrorAsync(ctx, status, error)).ConfigureAwait(false);
    }

    /// <summary>Adds a rule (an identical one is kept once), then starts it for the matching ready paths.</summary>
    private async Task<(int Status, string? Error)> AddAutoPushAsync(string path, string target, CancellationToken ct)
    {
        if (_pushes?.CheckTarget(target) is { } why)
        {
            return (StatusCodes.Status400BadRequest, why);
        }

        var rule = new AutoPushConf { Path = path, Target = target };
        var result = await TryChangeAsync(current => current.AutoPushes.Contains(rule)
            ? (current, new ConfEdit.Global([AutoPushesKey]), 0, null)
            : (current with { AutoPushes = current.AutoPushes.Add(rule) }, new ConfEdit.Global([AutoPushesKey]), 0, null), ct).ConfigureAwait(false);
        if (result.Error is null)
        {
            _pushes?.ApplyRules();
        }

        return result;
    }

    private Task<(int Status, string? Error)> RemoveAutoPushesAsync(Func<AutoPushConf, bool> match, CancellationToken ct) =>
        TryChangeAsync(current => current.AutoPushes.Any(match)
            ? (current with { AutoPushes = [.. current.AutoPushes.Where(a => !match(a))] }, new ConfEdit.Global([AutoPushesKey]), 0, null)
            : (null, null, StatusCodes.Status404NotFound, "auto-push rule not found"), ct);

    private const string AutoPushesKey = "autoPushes";

    private static bool TryPathAndTarget(JsonObject body, out string path, out string target, out string error)
    {
        path = body["path"] is JsonValue p && p.TryGetValue<string>(out var ps) ? ps : "";
        target = body["target"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : "";
        error = path.Length == 0 ? "'path' is required (a string)" : target.Length == 0 ? "'target' is required (a string)" : "";
        return error.Length == 0;
    }

    private static Task NoPushesAsync(HttpContext ctx) => ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "pushes are not available");
}
