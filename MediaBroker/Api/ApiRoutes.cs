using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Forward;
using MediaBroker.Push;
using MediaBroker.Record;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Api;

/// <summary>
/// The v3 handlers. <see cref="Map"/> attaches them to any endpoint builder (our admin host, or a shared HTTP
/// host later). Every request is authorized with action <c>api</c> before its handler runs, unknown routes
/// included, as in MediaMTX.
/// </summary>
public sealed partial class ApiRoutes
{
    private readonly PathManager _paths;
    private readonly AuthService _auth;
    private readonly IConfApplier _conf;
    private readonly IReadOnlyList<IApiResourceProvider> _resources;
    private readonly ILogger _logger;
    private readonly ConfFilePersister _persister;
    private readonly RecordingStore _recordings;
    private readonly ForwardManager? _forwards;
    private readonly PushManager? _pushes;
    private readonly DateTime _started;
    private readonly SemaphoreSlim _confChanges = new(1, 1);
    private readonly System.Diagnostics.Metrics.Counter<long>? _confChangeCounter;
    private readonly AdminSessions? _sessions;
    private readonly IClusterDirectory? _cluster;

    public ApiRoutes(PathManager paths, AuthService auth, IConfApplier conf, IEnumerable<IApiResourceProvider> resources,
        ILogger logger, DateTime started, System.Diagnostics.Metrics.Counter<long>? confChangeCounter = null, RecordingStore? recordings = null,
        ForwardManager? forwards = null, PushManager? pushes = null, AdminSessions? sessions = null, IClusterDirectory? cluster = null)
    {
        _cluster = cluster;
        _sessions = sessions;
        _paths = paths;
        _auth = auth;
        _conf = conf;
        _resources = [.. resources];
        _logger = logger;
        _started = started;
        _confChangeCounter = confChangeCounter;
        _persister = new ConfFilePersister();
        _recordings = recordings ?? new RecordingStore(() => conf.Current);
        _forwards = forwards;
        _pushes = pushes;
    }

    /// <summary>Every route served now: the fixed ones and those of the enabled protocol resources.</summary>
    public IReadOnlyList<ApiRouteSpec> Routes =>
        [.. ApiRouteTable.Fixed, .. _resources.SelectMany(ApiRouteTable.ForResource)];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var spec in ApiRouteTable.Fixed)
        {
            var handler = Handler(spec.OperationId);
            endpoints.MapMethods(spec.RoutePattern, [spec.Method], ctx => GuardAsync(ctx, handler));
        }

        foreach (var resource in _resources)
        {
            foreach (var spec in ApiRouteTable.ForResource(resource))
            {
                var handler = ResourceHandler(resource, spec);
                endpoints.MapMethods(spec.RoutePattern, [spec.Method], ctx => GuardAsync(ctx, handler));
            }
        }

        endpoints.MapMethods("/api", ["GET", "POST"], ctx => GuardAsync(ctx, MistCommandAsync));
        endpoints.MapGet("/v3/openapi.json", ctx => GuardAsync(ctx, c => ApiResults.JsonAsync(c, ApiOpenApi.Build(Routes))));
        endpoints.MapFallback(ctx => GuardAsync(ctx, c => ApiResults.ErrorAsync(c, StatusCodes.Status404NotFound, "not found")));
    }

    private RequestDelegate Handler(string operationId) => operationId switch
    {
        "apiInfo" => InfoAsync,
        "authJwksRefresh" => JwksRefreshAsync,
        "configGlobalGet" => GlobalGetAsync,
        "configGlobalPatch" => GlobalPatchAsync,
        "configPathDefaultsGet" => PathDefaultsGetAsync,
        "configPathDefaultsPatch" => PathDefaultsPatchAsync,
        "configPathsList" => ConfPathsListAsync,
        "configPathsGet" => ConfPathsGetAsync,
        "configPathsAdd" => ctx => ConfPathsWriteAsync(ctx, PathWrite.Add),
        "configPathsPatch" => ctx => ConfPathsWriteAsync(ctx, PathWrite.Patch),
        "configPathsReplace" => ctx => ConfPathsWriteAsync(ctx, PathWrite.Replace),
        "configPathsDelete" => ConfPathsDeleteAsync,
        "pathsList" => PathsListAsync,
        "pathsGet" => PathsGetAsync,
        "pathsForwardList" => ForwardListAsync,
        "pathsForwardGet" => ForwardGetAsync,
        "recordingsList" => RecordingsListAsync,
        "recordingsGet" => RecordingsGetAsync,
        "recordingsDeleteSegment" => RecordingsDeleteSegmentAsync,
        "pushesList" => PushesListAsync,
        "pushesGet" => PushesGetAsync,
        "pushesStart" => PushesStartAsync,
        "pushesStop" => PushesStopAsync,
        "autopushesList" => AutoPushesListAsync,
        "autopushesAdd" => AutoPushesAddAsync,
        "autopushesRemove" => AutoPushesRemoveAsync,
        "clusterNodesList" => ClusterNodesListAsync,
        _ => throw new InvalidOperationException($"no handler for {operationId}"),
    };

    /// <summary>The operation id the MistServer-style <c>/api</c> command endpoint answers to in <see cref="InvokeAsync"/>.</summary>
    internal const string MistApiOperationId = "mistApi";

    /// <summary>
    /// Runs one fixed route's handler behind the same guard <see cref="Map"/> puts it behind (auth, JSON errors as
    /// 400), without routing: the fuzz harness (fuzz/MediaBroker.Fuzz) feeds request bodies through this.
    /// </summary>
    internal Task InvokeAsync(string operationId, HttpContext ctx) =>
        GuardAsync(ctx, operationId == MistApiOperationId ? MistCommandAsync : Handler(operationId));

    private async Task GuardAsync(HttpContext ctx, RequestDelegate handler)
    {
        if (!await AdminAuth.AuthorizeAsync(ctx, _auth, AuthAction.Api, _sessions).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await handler(ctx).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid JSON: " + ex.Message).ConfigureAwait(false);
        }
    }

    private Task InfoAsync(HttpContext ctx) => ApiResults.JsonAsync(ctx, new JsonObject
    {
        ["version"] = "v" + BrokerVersion.Current,
        ["started"] = ApiPathItem.Time(_started),
    });

    private Task JwksRefreshAsync(HttpContext ctx)
    {
        _auth.RefreshJwks();
        return ApiResults.OkAsync(ctx);
    }

    /// <summary>The live nodes with their load (404 while <c>cluster: no</c>, as for a disabled server).</summary>
    private Task ClusterNodesListAsync(HttpContext ctx) => _cluster is { IsEnabled: true } cluster
        ? ApiPagination.WriteAsync(ctx, [.. cluster.Nodes.Select(n => (JsonNode?)ApiClusterNode.ToJson(n, cluster.NodeName))])
        : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "the cluster is disabled (cluster: no)");

    private Task PathsListAsync(HttpContext ctx) =>
        ApiPagination.WriteAsync(ctx, [.. _paths.Paths.Select(p => (JsonNode?)ApiPathItem.ToJson(p, _cluster))]);

    private Task PathsGetAsync(HttpContext ctx)
    {
        var name = RouteValue(ctx, "name");
        return _paths.Find(name) is { } path
            ? ApiResults.JsonAsync(ctx, ApiPathItem.ToJson(path, _cluster))
            : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "path not found");
    }

    private static RequestDelegate ResourceHandler(IApiResourceProvider resource, ApiRouteSpec spec)
    {
        var kind = spec.OperationId[resource.Name.Length..];
        return ctx =>
        {
            if (!resource.IsEnabled)
            {
                return ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "not found");
            }

            switch (kind)
            {
                case "List":
                    return ApiPagination.WriteAsync(ctx, [.. resource.List().Select(ApiResults.ToNode)]);
                case "Get":
                    var key = RouteValue(ctx, spec.PathParameters[0]);
                    if (spec.PathParameters[0] == "id" && !Guid.TryParse(key, out _))
                    {
                        return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid id");
                    }

                    return resource.Get(key) is { } item
                        ? ApiResults.JsonAsync(ctx, ApiResults.ToNode(item)!)
                        : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "item not found");
                default:
                    if (!Guid.TryParse(RouteValue(ctx, "id"), out var id))
                    {
                        return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid id");
                    }

                    return resource.Kick(id)
                        ? ApiResults.OkAsync(ctx)
                        : ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "item not found");
            }
        };
    }

    private static string RouteValue(HttpContext ctx, string name) => ctx.Request.RouteValues[name]?.ToString() ?? "";
}
