using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Conf;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>
/// MistServer's JSON command API on the API listener (docs/pushes.md): <c>POST /api</c> with a JSON object (or a form
/// field <c>command</c>), or <c>GET /api?command=&lt;url-encoded JSON&gt;</c>. Every key of the object is a command,
/// answered under the same key when the manual gives it an answer. Commands we do not implement get
/// <c>{"error": "..."}</c> under their key, naming those that exist. Authorization is the API's (<c>api</c> action),
/// not MistServer's challenge: the answer always says <c>"authorize": {"status": "OK"}</c>.
/// </summary>
public sealed partial class ApiRoutes
{
    private static readonly string[] MistCommands =
        ["push_start", "push_list", "push_stop", "push_auto_add", "push_auto_list", "push_auto_remove", "active_streams"];

    private async Task MistCommandAsync(HttpContext ctx)
    {
        var text = ctx.Request.Query["command"].ToString();
        if (text.Length == 0 && HttpMethods.IsPost(ctx.Request.Method))
        {
            // `curl -d '{...}'` sends raw JSON labelled as a form: a body that is a JSON object is the command whatever its
            // content type; a real form carries it in its `command` field.
            ctx.Request.EnableBuffering();
            using (var reader = new StreamReader(ctx.Request.Body, leaveOpen: true))
            {
                text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
            }

            if (ctx.Request.HasFormContentType && !text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                ctx.Request.Body.Position = 0;
                var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
                text = form["command"].ToString();
            }
        }

        var request = ApiJsonBody.ParseObject(text.Length == 0 ? "{}" : text, "the command must be a JSON object");

        var response = new JsonObject { ["authorize"] = new JsonObject { ["status"] = "OK" } };
        foreach (var (name, value) in request.ToList())
        {
            if (name is "authorize" or "minimal")
            {
                continue;
            }

            var answer = name switch
            {
                "push_start" => await MistPushStartAsync(value).ConfigureAwait(false),
                "push_list" => MistPushList(),
                "push_stop" => await MistPushStopAsync(value).ConfigureAwait(false),
                "push_auto_add" => await MistPushAutoAddAsync(value, ctx.RequestAborted).ConfigureAwait(false),
                "push_auto_list" => MistPushAutoList(),
                "push_auto_remove" => await MistPushAutoRemoveAsync(value, ctx.RequestAborted).ConfigureAwait(false),
                "active_streams" => MistActiveStreams(value),
                _ => MistError($"unsupported command '{name}'; MediaBroker implements {string.Join(", ", MistCommands)}"),
            };
            if (answer is not null)
            {
                response[name] = answer;
            }
        }

        await ApiResults.JsonAsync(ctx, response).ConfigureAwait(false);
    }

    private static JsonObject MistError(string message) => new() { ["error"] = message };

    /// <summary>["STREAMNAME", "URI"] or {"stream", "target"}; MistServer answers nothing, we answer only errors.</summary>
    private Task<JsonNode?> MistPushStartAsync(JsonNode? value)
    {
        if (_pushes is null)
        {
            return Task.FromResult<JsonNode?>(MistError("pushes are not available"));
        }

        if (!TryStreamAndTarget(value, out var stream, out var target, out _, out var bad))
        {
            return Task.FromResult<JsonNode?>(MistError(bad));
        }

        return Task.FromResult<JsonNode?>(_pushes.Start(stream, target, out var error) is null ? MistError(error) : null);
    }

    /// <summary>[[ID, "STREAMNAME", "URI", "URI"], ...]: the target as given, then as resolved.</summary>
    private JsonNode MistPushList()
    {
        var list = new JsonArray();
        foreach (var p in _pushes?.List() ?? [])
        {
            list.Add(new JsonArray(p.Id, p.Path, p.Target, p.ResolvedTarget));
        }

        return list;
    }

    /// <summary>ID or [ID, ...]; unknown ids are reported.</summary>
    private async Task<JsonNode?> MistPushStopAsync(JsonNode? value)
    {
        if (_pushes is null)
        {
            return MistError("pushes are not available");
        }

        var ids = value is JsonArray a ? [.. a] : new List<JsonNode?> { value };
        var missing = new List<string>();
        foreach (var node in ids)
        {
            if (node is not JsonValue v || !v.TryGetValue<int>(out var id) || !await _pushes.StopAsync(id).ConfigureAwait(false))
            {
                missing.Add(node?.ToJsonString() ?? "null");
            }
        }

        return missing.Count == 0 ? null : MistError("no such push: " + string.Join(", ", missing));
    }

    /// <summary>["STREAMNAME", "URI"] or {"stream", "target"}; scheduletime and completetime are not supported.</summary>
    private async Task<JsonNode?> MistPushAutoAddAsync(JsonNode? value, CancellationToken ct)
    {
        if (!TryStreamAndTarget(value, out var stream, out var target, out var scheduled, out var bad))
        {
            return MistError(bad);
        }

        if (scheduled)
        {
            return MistError("scheduletime and completetime are not supported");
        }

        var (_, error) = await AddAutoPushAsync(stream, target, ct).ConfigureAwait(false);
        return error is null ? null : MistError(error);
    }

    private JsonNode MistPushAutoList()
    {
        var list = new JsonArray();
        foreach (var a in _conf.Current.AutoPushes)
        {
            list.Add(new JsonArray(a.Path, a.Target));
        }

        return list;
    }

    /// <summary>An entry as given to push_auto_add, a list of them, a stream name, or a list of names.</summary>
    private async Task<JsonNode?> MistPushAutoRemoveAsync(JsonNode? value, CancellationToken ct)
    {
        var entries = new List<Func<AutoPushConf, bool>>();
        if (value is JsonValue name && name.TryGetValue<string>(out var s))
        {
            entries.Add(a => a.Path == s);
        }
        else if (value is JsonObject || IsEntryArray(value))
        {
            if (!TryStreamAndTarget(value, out var st, out var tg, out _, out var bad))
            {
                return MistError(bad);
            }

            entries.Add(a => a.Path == st && a.Target == tg);
        }
        else if (value is JsonArray list)
        {
            foreach (var item in list)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var n))
                {
                    entries.Add(a => a.Path == n);
                }
                else if (TryStreamAndTarget(item, out var st, out var tg, out _, out var bad))
                {
                    entries.Add(a => a.Path == st && a.Target == tg);
                }
                else
                {
                    return MistError(bad);
                }
            }
        }
        else
        {
            return MistError("expected an entry, a list of entries, a stream name or a list of names");
        }

        var (_, error) = await RemoveAutoPushesAsync(a => entries.Any(m => m(a)), ct).ConfigureAwait(false);
        return error is null ? null : MistError(error);
    }

    /// <summary>true → ["name", ...]; ["clients", "lastms"] → {"name": [clients, lastms]}.</summary>
    private JsonNode MistActiveStreams(JsonNode? value)
    {
        var ready = _paths.Paths.Where(p => p.IsReady).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (value is not JsonArray fields)
        {
            return new JsonArray([.. ready.Select(p => (JsonNode?)p.Name)]);
        }

        var now = DateTime.UtcNow;
        var result = new JsonObject();
        foreach (var p in ready)
        {
            var values = new JsonArray();
            foreach (var f in fields)
            {
                values.Add(f?.ToString() switch
                {
                    "clients" => JsonValue.Create(p.ReaderCount),
                    // Our paths have no media clock visible here: the time since the stream became ready stands in for it.
                    "lastms" => JsonValue.Create(p.ReadyTime is { } t ? (long)(now - t).TotalMilliseconds : 0L),
                    _ => null,
                });
            }

            result[p.Name] = values;
        }

        return result;
    }

    /// <summary>["STREAMNAME", "URI", ...] rather than a list of names: its second item is a target URL or file path.</summary>
    private static bool IsEntryArray(JsonNode? value) =>
        value is JsonArray a && a.Count >= 2 && a[1] is JsonValue v && v.TryGetValue<string>(out var s)
        && (s.Contains("://", StringComparison.Ordinal) || s.StartsWith('/'));

    private static bool TryStreamAndTarget(JsonNode? value, out string stream, out string target, out bool scheduled, out string error)
    {
        stream = target = "";
        scheduled = false;
        switch (value)
        {
            case JsonArray a:
                stream = a.Count > 0 && a[0] is JsonValue s && s.TryGetValue<string>(out var ss) ? ss : "";
                target = a.Count > 1 && a[1] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : "";
                scheduled = a.Skip(2).Any(n => n is JsonValue v && v.TryGetValue<long>(out var l) && l != 0);
                break;
            case JsonObject o:
                stream = o["stream"] is JsonValue os && os.TryGetValue<string>(out var oss) ? oss : "";
                target = o["target"] is JsonValue ot && ot.TryGetValue<string>(out var ots) ? ots : "";
                scheduled = (o["scheduletime"] is JsonValue st && st.TryGetValue<long>(out var sl) && sl != 0)
                    || (o["completetime"] is JsonValue ct && ct.TryGetValue<long>(out var cl) && cl != 0);
                break;
        }

        error = stream.Length == 0 || target.Length == 0 ? "expected [\"STREAMNAME\", \"URI\"] or {\"stream\": ..., \"target\": ...}" : "";
        return error.Length == 0;
    }
}
