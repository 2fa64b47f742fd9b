namespace MediaBroker.Api;

/// <summary>Every fixed v3 route (MediaMTX's, for the features that exist), and the routes generated per protocol resource.</summary>
public static class ApiRouteTable
{
    public static IReadOnlyList<ApiRouteSpec> Fixed { get; } =
    [
        new("GET", "/v3/info", "apiInfo", "Returns the instance version and start time.", ApiShape.None, ApiShape.Info),
        new("POST", "/v3/auth/jwks/refresh", "authJwksRefresh", "Fetches the JWT key set again.", ApiShape.None, ApiShape.Ok),
        new("GET", "/v3/config/global/get", "configGlobalGet", "Returns the global configuration.", ApiShape.None, ApiShape.GlobalConf),
        new("PATCH", "/v3/config/global/patch", "configGlobalPatch", "Changes some global keys.", ApiShape.GlobalConf, ApiShape.Ok),
        new("GET", "/v3/config/pathdefaults/get", "configPathDefaultsGet", "Returns the path defaults.", ApiShape.None, ApiShape.PathConf),
        new("PATCH", "/v3/config/pathdefaults/patch", "configPathDefaultsPatch", "Changes some path defaults.", ApiShape.PathConf, ApiShape.Ok),
        new("GET", "/v3/config/paths/list", "configPathsList", "Lists the path configurations.", ApiShape.None, ApiShape.PathConfList),
        new("GET", "/v3/config/paths/get/{name}", "configPathsGet", "Returns one path configuration.", ApiShape.None, ApiShape.PathConf),
        new("POST", "/v3/config/paths/add/{name}", "configPathsAdd", "Adds a path configuration.", ApiShape.PathConf, ApiShape.Ok),
        new("PATCH", "/v3/config/paths/patch/{name}", "configPathsPatch", "Changes some keys of a path configuration.", ApiShape.PathConf, ApiShape.Ok),
        new("POST", "/v3/config/paths/replace/{name}", "configPathsReplace", "Replaces (or creates) a path configuration.", ApiShape.PathConf, ApiShape.Ok),
        new("DELETE", "/v3/config/paths/delete/{name}", "configPathsDelete", "Removes a path configuration.", ApiShape.None, ApiShape.Ok),
        new("GET", "/v3/paths/list", "pathsList", "Lists the active paths.", ApiShape.None, ApiShape.PathList),
        new("GET", "/v3/paths/get/{name}", "pathsGet", "Returns one active path.", ApiShape.None, ApiShape.Path),
        new("GET", "/v3/paths/forward/list", "pathsForwardList", "Lists the forward destinations of an active path.", ApiShape.None, ApiShape.ForwardDestList)
        {
            QueryParameters = ["path"],
        },
        new("GET", "/v3/paths/forward/get", "pathsForwardGet", "Returns one forward destination of an active path.", ApiShape.None, ApiShape.ForwardDest)
        {
            QueryParameters = ["path", "id"],
        },
        new("GET", "/v3/recordings/list", "recordingsList", "Lists the paths that have recordings, with their segments.", ApiShape.None, ApiShape.RecordingList),
        new("GET", "/v3/recordings/get/{name}", "recordingsGet", "Returns the segments of one path.", ApiShape.None, ApiShape.Recording),
        new("DELETE", "/v3/recordings/deletesegment", "recordingsDeleteSegment", "Deletes the segment of a path that starts at a time.", ApiShape.None, ApiShape.Ok)
        {
            QueryParameters = ["path", "start"],
        },
        PushRoute(new("GET", "/v3/pushes/list", "pushesList", "Lists the running pushes.", ApiShape.None, ApiShape.ItemList)),
        PushRoute(new("GET", "/v3/pushes/get/{id}", "pushesGet", "Returns one running push.", ApiShape.None, ApiShape.Item)),
        PushRoute(new("POST", "/v3/pushes/start", "pushesStart", "Starts pushing a ready path to a target URL or file.", ApiShape.PushRequest, ApiShape.Item)),
        PushRoute(new("POST", "/v3/pushes/stop/{id}", "pushesStop", "Stops a push.", ApiShape.None, ApiShape.Ok)),
        AutoPushRoute(new("GET", "/v3/autopushes/list", "autopushesList", "Lists the auto-push rules (autoPushes).", ApiShape.None, ApiShape.ItemList)),
        AutoPushRoute(new("POST", "/v3/autopushes/add", "autopushesAdd", "Adds an auto-push rule and starts it for the matching ready paths.", ApiShape.Item, ApiShape.Ok)),
        new("GET", "/v3/cluster/nodes", "clusterNodesList", "Lists the live nodes of the cluster with their load (MediaBroker extension).", ApiShape.None, ApiShape.ItemList)
        {
            ItemType = typeof(ApiClusterNode.Item),
        },
        AutoPushRoute(new("POST", "/v3/autopushes/remove", "autopushesRemove", "Removes an auto-push rule (running pushes go on).", ApiShape.Item, ApiShape.Ok)),
    ];

    private static ApiRouteSpec PushRoute(ApiRouteSpec r) => r with { ItemType = typeof(MediaBroker.Push.PushInfo) };

    private static ApiRouteSpec AutoPushRoute(ApiRouteSpec r) => r with { ItemType = typeof(Conf.AutoPushConf) };

    /// <summary>list, get and (when it can) kick for one protocol resource.</summary>
    public static IReadOnlyList<ApiRouteSpec> ForResource(IApiResourceProvider resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var n = resource.Name;
        var key = n == "hlsmuxers" ? "name" : "id";
        var list = new List<ApiRouteSpec>
        {
            new("GET", $"/v3/{n}/list", n + "List", $"Lists the {n}.", ApiShape.None, ApiShape.ItemList),
            new("GET", $"/v3/{n}/get/{{{key}}}", n + "Get", $"Returns one of the {n}.", ApiShape.None, ApiShape.Item),
        };
        if (resource.CanKick)
        {
            list.Add(new("POST", $"/v3/{n}/kick/{{id}}", n + "Kick", $"Disconnects one of the {n}.", ApiShape.None, ApiShape.Ok));
        }

        return [.. list.Select(r => r with { Resource = n, ItemType = resource.ItemType })];
    }
}
