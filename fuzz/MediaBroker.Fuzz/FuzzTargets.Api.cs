using System.Net;
using System.Text;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hosting;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Push;
using MediaBroker.Push.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>
    /// The routes whose request body the API deserializes, in the order the input's first byte picks them
    /// (modulo the count). Kick, stop and delete routes take no body (only an id or name in the URL).
    /// </summary>
    internal static readonly (string OperationId, string Method, string? PathName, string ContentType)[] ApiBodyRoutes =
    [
        ("configGlobalPatch", "PATCH", null, "application/json"),
        ("configPathDefaultsPatch", "PATCH", null, "application/json"),
        ("configPathsAdd", "POST", "fuzz/new", "application/json"),
        ("configPathsPatch", "PATCH", ApiFuzzPath, "application/json"),
        ("configPathsReplace", "POST", ApiFuzzPath, "application/json"),
        ("pushesStart", "POST", null, "application/json"),
        ("autopushesAdd", "POST", null, "application/json"),
        ("autopushesRemove", "POST", null, "application/json"),
        (ApiRoutes.MistApiOperationId, "POST", null, "application/json"),
        (ApiRoutes.MistApiOperationId, "POST", null, "application/x-www-form-urlencoded"),
    ];

    private const string ApiFuzzPath = "fuzz";

    // The configuration in force when each input arrives: one path to patch and one auto-push rule to remove.
    private const string ApiFuzzConf = """
        logLevel: error
        paths:
          fuzz:
            source: publisher
          all_others:
        autoPushes:
        - path: fuzz
          target: rtmp://127.0.0.1:1935/copy/fuzz
        """;

    private static readonly Lazy<BrokerConf> ApiStartConf = new(() =>
        ConfLoader.Load(ApiFuzzConf, new Dictionary<string, string>()).Conf ?? throw new InvalidOperationException("the API target's configuration does not load"));

    private static IEnumerable<FuzzTarget> ApiTargets() =>
    [
        new("api-json", "ApiRoutes handlers of every JSON body (config patch/add/replace, pushes, autopushes, MistServer /api), behind the route guard", ApiJson),
    ];

    /// <summary>
    /// One request through the real v3 handler: a fresh ApiRoutes over a fresh path manager and push manager, the
    /// request authorized as the default "any from localhost" API user, the body parsed, patched into the
    /// configuration, validated (ConfValidator, then the auth options as ConfReloader checks them) and kept.
    /// The documented failures are answers (400 for bad JSON or invalid values, 404 for unknown items); an exception
    /// escaping the guard, or any other status, is a crash.
    /// </summary>
    private static void ApiJson(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        var (operationId, method, pathName, contentType) = ApiBodyRoutes[data[0] % ApiBodyRoutes.Length];
        var conf = new FuzzConfApplier(ApiStartConf.Value);
        var loggers = NullLoggerFactory.Instance;
        using var auth = new AuthService(ConfMapping.ToAuthOptions(conf.Current), NullLogger<AuthService>.Instance);
        var paths = new PathManager(conf.Current, new PathAuthorizer(auth), loggers, []);
        var pushes = new PushManager(paths, () => conf.Current,
            [new RtmpPusherFactory(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), new RtspPusherFactory(() => new RtspPusherOptions()),
             new WhipPusherFactory(() => new WhipPusherOptions()), new FilePusherFactory()],
            [], loggers);
        var routes = new ApiRoutes(paths, auth, conf, [], NullLogger.Instance, DateTime.UnixEpoch, pushes: pushes);

        var ctx = new DefaultHttpContext();
        ctx.Connection.RemoteIpAddress = IPAddress.Loopback;
        ctx.Request.Method = method;
        ctx.Request.ContentType = contentType;
        ctx.Request.Body = new MemoryStream(data, 1, data.Length - 1, writable: false);
        ctx.Request.ContentLength = data.Length - 1;
        if (pathName is not null)
        {
            ctx.Request.RouteValues["name"] = pathName;
        }

        ctx.Response.Body = new MemoryStream();
        routes.InvokeAsync(operationId, ctx).GetAwaiter().GetResult();
        if (ctx.Response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound))
        {
            throw new InvalidOperationException($"{operationId} answered {ctx.Response.StatusCode}: "
                + Encoding.UTF8.GetString(((MemoryStream)ctx.Response.Body).ToArray()));
        }
    }

    /// <summary>
    /// Applies a configuration as far as ConfReloader checks it before restarting anything (the auth options), then
    /// keeps it; no server runs in the harness.
    /// </summary>
    private sealed class FuzzConfApplier(BrokerConf start) : IConfApplier
    {
        public BrokerConf Current { get; private set; } = start;

        public string? FilePath => null;

        public Task<ConfApplyResult> ApplyAsync(BrokerConf next, string origin, CancellationToken ct)
        {
            var errors = AuthService.Validate(ConfMapping.ToAuthOptions(next));
            if (errors.Length > 0)
            {
                return Task.FromResult(new ConfApplyResult(false, errors));
            }

            Current = next;
            return Task.FromResult(ConfApplyResult.Success);
        }
    }
}
