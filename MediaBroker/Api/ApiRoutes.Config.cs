using System.Collections.Immutable;
using System.Text.Json.Nodes;
using MediaBroker.Conf;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

public sealed partial class ApiRoutes
{
    private enum PathWrite
    {
        Add,
        Patch,
        Replace,
    }

    private Task GlobalGetAsync(HttpContext ctx) => ApiResults.JsonAsync(ctx, ConfJson.ToJson(_conf.Current, redactPasswords: true));

    private Task PathDefaultsGetAsync(HttpContext ctx) => ApiResults.JsonAsync(ctx, ConfJson.ToJson(_conf.Current.PathDefaults));

    private Task ConfPathsListAsync(HttpContext ctx) =>
        ApiPagination.WriteAsync(ctx, [.. _conf.Current.Paths.Select(p => (JsonNode?)ConfJson.ToJson(p))]);

    private Task ConfPathsGetAsync(HttpContext ctx)
    {
        var name = RouteValue(ctx, "name");
        return FindPath(_conf.Current, name) is { } pc
            ? ApiResults.JsonAsync(ctx, ConfJson.ToJson(pc))
            : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "path configuration not found");
    }

    private async Task GlobalPatchAsync(HttpContext ctx)
    {
        var patch = await ReadObjectAsync(ctx).ConfigureAwait(false);
        await ChangeAsync(ctx, current =>
        {
            var next = ConfJson.PatchGlobal(current, patch, out var errors);
            return errors.Count > 0 ? Fail(errors) : (next, new ConfEdit.Global(KeyNames(patch, ConfSchema.Global)), 0, null);
        }).ConfigureAwait(false);
    }

    private async Task PathDefaultsPatchAsync(HttpContext ctx)
    {
        var patch = await ReadObjectAsync(ctx).ConfigureAwait(false);
        await ChangeAsync(ctx, current =>
        {
            // The path validator wants a valid name; pathDefaults has none, so it is checked under a stand-in one.
            const string standIn = "pathDefaults";
            var defaults = ConfJson.PatchPath(current.PathDefaults with { Name = standIn }, patch, out var errors, current) with { Name = "" };
            if (errors.Count > 0)
            {
                return Fail([.. errors.Select(e => e with { Key = e.Key.Replace("paths." + standIn + ".", "pathDefaults.", StringComparison.Ordinal) })]);
            }

            var keys = KeyNames(patch, ConfSchema.Path);
            var paths = current.Paths.Select(p => InheritDefaults(p, current.PathDefaults, defaults, keys)).ToImmutableArray();
            return (current with { PathDefaults = defaults, Paths = paths }, new ConfEdit.PathDefaults(keys), 0, null);
        }).ConfigureAwait(false);
    }

    private async Task ConfPathsWriteAsync(HttpContext ctx, PathWrite mode)
    {
        var name = RouteValue(ctx, "name");
        var patch = await ReadObjectAsync(ctx).ConfigureAwait(false);
        await ChangeAsync(ctx, current =>
        {
            var existing = FindPath(current, name);
            if (mode == PathWrite.Add && existing is not null)
            {
                return (null, null, StatusCodes.Status400BadRequest, "path already exists");
            }

            if (mode == PathWrite.Patch && existing is null)
            {
                return (null, null, StatusCodes.Status404NotFound, "path configuration not found");
            }

            var start = mode == PathWrite.Patch ? existing! : current.PathDefaults with { Name = name };
            var pc = ConfJson.PatchPath(start, patch, out var errors, current);
            if (errors.Count > 0)
            {
                return Fail(errors);
            }

            var paths = existing is null
                ? current.Paths.Add(pc)
                : current.Paths.Replace(existing, pc);
            return (current with { Paths = paths }, new ConfEdit.PathKeys(name, KeyNames(patch, ConfSchema.Path), mode != PathWrite.Patch), 0, null);
        }).ConfigureAwait(false);
    }

    private Task ConfPathsDeleteAsync(HttpContext ctx)
    {
        var name = RouteValue(ctx, "name");
        return ChangeAsync(ctx, current => FindPath(current, name) is { } existing
            ? (current with { Paths = current.Paths.Remove(existing) }, new ConfEdit.PathDelete(name), 0, null)
            : (null, null, StatusCodes.Status404NotFound, "path configuration not found"));
    }

    /// <summary>
    /// Builds the next configuration from the current one, validates the whole of it, applies it through the
    /// reload path and, with <c>apiPersistConfig</c>, writes the change to the file. One change at a time.
    /// </summary>
    private async Task ChangeAsync(HttpContext ctx, Func<BrokerConf, (BrokerConf? Next, ConfEdit? Edit, int Status, string? Error)> change)
    {
        var (status, error) = await TryChangeAsync(change, ctx.RequestAborted).ConfigureAwait(false);
        await (error is null ? ApiResults.OkAsync(ctx) : ApiResults.ErrorAsync(ctx, status, error)).ConfigureAwait(false);
    }

    /// <summary><see cref="ChangeAsync"/> without the HTTP answer: (200, null) when the change is in force (and saved), else the status and error.</summary>
    private async Task<(int Status, string? Error)> TryChangeAsync(Func<BrokerConf, (BrokerConf? Next, ConfEdit? Edit, int Status, string? Error)> change,
        CancellationToken ct)
    {
        await _confChanges.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var current = _conf.Current;
            var (next, edit, status, error) = change(current);
            if (next is null || edit is null)
            {
                return (status, error ?? "invalid request");
            }

            var validation = new ConfBindContext();
            ConfValidator.Validate(next, validation);
            if (validation.Errors.Count > 0)
            {
                return (StatusCodes.Status400BadRequest, Join(validation.Errors));
            }

            var applied = await _conf.ApplyAsync(next, "api", ct).ConfigureAwait(false);
            if (!applied.Ok)
            {
                return (StatusCodes.Status400BadRequest, string.Join("; ", applied.Errors));
            }

            ApiLog.ConfChanged(_logger, edit.GetType().Name);
            _confChangeCounter?.Add(1);
            if (next.ApiPersistConfig && _conf.FilePath is { } file)
            {
                try
                {
                    _persister.Persist(file, next, edit);
                    ApiLog.ConfPersisted(_logger, file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
                {
                    ApiLog.ConfPersistFailed(_logger, file, ex.Message);
                    return (StatusCodes.Status500InternalServerError, $"the change is in force but could not be saved to {file}: {ex.Message}");
                }
            }

            return (StatusCodes.Status200OK, null);
        }
        finally
        {
            _confChanges.Release();
        }
    }

    /// <summary>
    /// Paths are stored with pathDefaults merged in; a key the path did not set (its value equals the old
    /// default) follows the new default.
    /// </summary>
    private static PathConf InheritDefaults(PathConf path, PathConf oldDefaults, PathConf newDefaults, IReadOnlyList<string> keys)
    {
        PathConf? clone = null;
        foreach (var name in keys)
        {
            var key = ConfSchema.Path.Find(name);
            if (key is null || !ConfEquality.ValueEquals(key.GetValue(path), key.GetValue(oldDefaults)))
            {
                continue;
            }

            clone ??= path with { };
            key.Property.SetValue(clone, key.GetValue(newDefaults));
        }

        return clone ?? path;
    }

    private static PathConf? FindPath(BrokerConf conf, string name)
    {
        foreach (var p in conf.Paths)
        {
            if (p.Name == name)
            {
                return p;
            }
        }

        return null;
    }

    private static Task<JsonObject> ReadObjectAsync(HttpContext ctx) => ApiJsonBody.ReadObjectAsync(ctx.Request.Body, ctx.RequestAborted);

    /// <summary>The canonical YAML names of the keys a patch names (deprecated or unknown names are kept as sent).</summary>
    private static string[] KeyNames(JsonObject patch, ConfSchema schema) =>
        [.. patch.Select(kv => schema.Find(kv.Key)?.Name ?? kv.Key)];

    private static (BrokerConf?, ConfEdit?, int, string?) Fail(List<ConfError> errors) =>
        (null, null, StatusCodes.Status400BadRequest, Join(errors));

    private static string Join(IEnumerable<ConfError> errors) => string.Join("; ", errors.Select(e => e.ToString()));
}
