namespace MediaBroker.Api;

/// <summary>How a route's request and response look, for the OpenAPI document.</summary>
public enum ApiShape
{
    None,
    Ok,
    Info,
    GlobalConf,
    PathConf,
    PathConfList,
    Path,
    PathList,
    Recording,
    RecordingList,
    ForwardDest,
    ForwardDestList,
    Item,
    ItemList,
    PushRequest,
}

/// <summary>
/// One REST route: the OpenAPI form of its pattern (<c>/v3/paths/get/{name}</c>), the handler that serves it,
/// and what its body and answer look like. The table drives both the routing and the OpenAPI document, so the
/// two cannot drift apart.
/// </summary>
public sealed record ApiRouteSpec(string Method, string Pattern, string OperationId, string Summary, ApiShape Request, ApiShape Response)
{
    /// <summary>Names of the path parameters ("name", "id").</summary>
    public IReadOnlyList<string> PathParameters =>
        [.. Pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))];

    public bool IsPaginated => Response is ApiShape.PathConfList or ApiShape.PathList or ApiShape.ItemList or ApiShape.RecordingList or ApiShape.ForwardDestList;

    /// <summary>Required query parameters other than pagination ("path", "start").</summary>
    public IReadOnlyList<string> QueryParameters { get; init; } = [];

    /// <summary>The ASP.NET route pattern: <c>{name}</c> is a catch-all since path names contain slashes.</summary>
    public string RoutePattern => Pattern.Replace("{name}", "{**name}", StringComparison.Ordinal);

    /// <summary>The resource this route belongs to, for protocol resources ("rtmpconns"); null for the fixed routes.</summary>
    public string? Resource { get; init; }

    public Type? ItemType { get; init; }
}
