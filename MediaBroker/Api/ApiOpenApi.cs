using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Conf;

namespace MediaBroker.Api;

/// <summary>
/// The OpenAPI 3 document of the API, generated from the route table and the configuration schema, so it
/// cannot drift from the code. Served at <c>/v3/openapi.json</c>; <c>docs/openapi.json</c> holds the fixed
/// routes and a test fails when it differs from what this builds.
/// </summary>
public static class ApiOpenApi
{
    public static JsonObject Build(IReadOnlyList<ApiRouteSpec> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var paths = new JsonObject();
        var schemas = BaseSchemas();
        foreach (var route in routes)
        {
            if (paths[route.Pattern] is not JsonObject item)
            {
                item = new JsonObject();
                paths[route.Pattern] = item;
            }

            item[route.Method.ToLowerInvariant()] = Operation(route, schemas);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "MediaBroker API",
                ["version"] = "v3",
                ["description"] = "MediaMTX-compatible control API. Every request needs the api permission (authInternalUsers, authHTTPAddress or a JWT).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "http://localhost:9997" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["basicAuth"] = new JsonObject { ["type"] = "http", ["scheme"] = "basic" } },
                ["schemas"] = schemas,
            },
            ["security"] = new JsonArray(new JsonObject { ["basicAuth"] = new JsonArray() }),
        };
    }

    /// <summary>The document as <c>docs/openapi.json</c> stores it (indented, trailing newline).</summary>
    public static string ToText(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Operation(ApiRouteSpec route, JsonObject schemas)
    {
        var op = new JsonObject { ["operationId"] = route.OperationId, ["summary"] = route.Summary };
        var parameters = new JsonArray();
        foreach (var p in route.PathParameters)
        {
            parameters.Add(new JsonObject { ["name"] = p, ["in"] = "path", ["required"] = true, ["schema"] = Type("string") });
        }

        foreach (var q in route.QueryParameters)
        {
            parameters.Add(new JsonObject { ["name"] = q, ["in"] = "query", ["required"] = true, ["schema"] = Type("string") });
        }

        if (route.IsPaginated)
        {
            parameters.Add(new JsonObject { ["name"] = "page", ["in"] = "query", ["schema"] = Type("integer") });
            parameters.Add(new JsonObject { ["name"] = "itemsPerPage", ["in"] = "query", ["schema"] = Type("integer") });
        }

        if (parameters.Count > 0)
        {
            op["parameters"] = parameters;
        }

        if (route.Request != ApiShape.None)
        {
            op["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = Json(Ref(SchemaName(route, route.Request, schemas))),
            };
        }

        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "success", ["content"] = Json(Ref(SchemaName(route, route.Response, schemas))) },
        };
        if (route.Request != ApiShape.None || route.IsPaginated || route.PathParameters.Count > 0 || route.QueryParameters.Count > 0)
        {
            responses["400"] = Error("invalid request");
        }

        responses["401"] = Error("authentication error");
        if (route.PathParameters.Count > 0 || route.QueryParameters.Count > 0)
        {
            responses["404"] = Error("not found");
        }

        responses["500"] = Error("server error");
        op["responses"] = responses;
        return op;
    }

    private static string SchemaName(ApiRouteSpec route, ApiShape shape, JsonObject schemas)
    {
        switch (shape)
        {
            case ApiShape.Item or ApiShape.ItemList when route.ItemType is { } t:
                var name = t.Name;
                schemas[name] ??= ObjectSchema(t);
                if (shape == ApiShape.Item)
                {
                    return name;
                }

                schemas[name + "List"] ??= ListSchema(name);
                return name + "List";
            default:
                return shape.ToString();
        }
    }

    private static JsonObject BaseSchemas() => new()
    {
        ["Ok"] = Props(("status", Type("string"))),
        ["Error"] = Props(("status", Type("string")), ("error", Type("string"))),
        ["Info"] = Props(("version", Type("string")), ("started", Type("string"))),
        ["GlobalConf"] = ConfSchemaJson(ConfSchema.Global, withName: false),
        ["PathConf"] = ConfSchemaJson(ConfSchema.Path, withName: true),
        ["PathConfList"] = ListSchema("PathConf"),
        ["PathSource"] = Props(("type", Type("string")), ("id", Type("string"))),
        ["PathTrack"] = Props(("codec", Type("string")), ("codecProps", new JsonObject { ["type"] = "object", ["nullable"] = true })),
        ["Path"] = Props(
            ("name", Type("string")), ("confName", Type("string")),
            ("source", new JsonObject { ["allOf"] = new JsonArray(Ref("PathSource")), ["nullable"] = true }),
            ("available", Type("boolean")), ("availableTime", Nullable("string")),
            ("online", Type("boolean")), ("onlineTime", Nullable("string")),
            ("tracks2", Array(Ref("PathTrack"))), ("readers", Array(Ref("PathSource"))),
            ("inboundBytes", Type("integer")), ("outboundBytes", Type("integer")), ("inboundFramesInError", Type("integer")),
            ("ready", Deprecated(Type("boolean"))), ("readyTime", Deprecated(Nullable("string"))),
            ("tracks", Deprecated(Array(Type("string")))), ("bytesReceived", Deprecated(Type("integer"))), ("bytesSent", Deprecated(Type("integer"))),
            ("clusterNode", Nullable("string"))),
        ["PathList"] = ListSchema("Path"),
        ["RecordingSegment"] = Props(("start", Type("string"))),
        ["Recording"] = Props(("name", Type("string")), ("segments", Array(Ref("RecordingSegment")))),
        ["RecordingList"] = ListSchema("Recording"),
        ["PushRequest"] = Props(("path", Type("string")), ("target", Type("string"))),
        ["ForwardConf"] = Props(("dest", Type("string")), ("destFingerprint", Type("string")), ("whipBearerToken", Type("string"))),
        ["ForwardDest"] = Props(
            ("id", Type("string")), ("pos", Type("integer")), ("created", Type("string")), ("conf", Ref("ForwardConf")),
            ("protocol", Type("string")), ("state", Type("string")), ("lastError", Type("string")), ("outboundBytes", Type("integer"))),
        ["ForwardDestList"] = ListSchema("ForwardDest"),
    };

    private static JsonObject ConfSchemaJson(ConfSchema schema, bool withName)
    {
        var props = new JsonObject();
        if (withName)
        {
            props["name"] = Type("string");
        }

        foreach (var k in schema.Keys)
        {
            props[k.Name] = KindSchema(k.Kind, k.ItemType);
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = props };
    }

    private static JsonObject KindSchema(ConfValueKind kind, Type? itemType) => kind switch
    {
        ConfValueKind.Bool => Type("boolean"),
        ConfValueKind.Int => Type("integer"),
        ConfValueKind.StringList => Array(Type("string")),
        ConfValueKind.IntList => Array(Type("integer")),
        ConfValueKind.ObjectList => Array(ConfSchemaJson(ConfSchema.ForItem(itemType!), withName: false)),
        _ => Type("string"),
    };

    /// <summary>
    /// The item's fields as the API serializer sees them (<see cref="ApiResults.JsonOptions"/>), so a <c>[JsonIgnore]</c>
    /// property such as a record's IsTls is left out and names and order are those of the JSON.
    /// </summary>
    private static JsonObject ObjectSchema(Type t)
    {
        var props = new JsonObject();
        foreach (var p in ApiResults.JsonOptions.GetTypeInfo(t).Properties)
        {
            // A contract property without a getter is never written: that is how [JsonIgnore] shows in the contract.
            if (p.Get is not null)
            {
                props[p.Name] = ClrSchema(p.PropertyType);
            }
        }

        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject ClrSchema(Type t)
    {
        var u = System.Nullable.GetUnderlyingType(t) ?? t;
        var s = u == typeof(string) || u == typeof(Guid) || u == typeof(DateTime) ? Type("string")
            : u == typeof(bool) ? Type("boolean")
            : u == typeof(double) || u == typeof(float) ? Type("number")
            : u.IsPrimitive ? Type("integer")
            : u != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(u) ? Array(new JsonObject())
            : new JsonObject { ["type"] = "object" };
        if (u != t || !t.IsValueType)
        {
            s["nullable"] = true;
        }

        return s;
    }

    private static JsonObject ListSchema(string item) => Props(
        ("itemCount", Type("integer")), ("pageCount", Type("integer")), ("items", Array(Ref(item))));

    private static JsonObject Props(params (string Name, JsonObject Schema)[] props)
    {
        var o = new JsonObject();
        foreach (var (n, s) in props)
        {
            o[n] = s;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = o };
    }

    private static JsonObject Type(string t) => new() { ["type"] = t };

    private static JsonObject Nullable(string t) => new() { ["type"] = t, ["nullable"] = true };

    private static JsonObject Deprecated(JsonObject s)
    {
        s["deprecated"] = true;
        return s;
    }

    private static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Json(JsonObject schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Error(string description) =>
        new() { ["description"] = description, ["content"] = Json(Ref("Error")) };
}
