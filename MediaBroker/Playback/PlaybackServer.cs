using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using MediaBroker.Record;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Playback;

/// <summary>
/// MediaMTX's playback server (<c>playback: yes</c>, <c>playbackAddress</c>, default :9996): <c>GET /list</c> gives
/// the recorded time spans of a path, <c>GET /get</c> serves a part of them as fMP4 or a progressive MP4. Every request
/// is authorized with action <c>playback</c> on the path asked for. Runs on the shared HTTP host (TLS, CORS, trusted proxies).
/// </summary>
public sealed partial class PlaybackServer : IBrokerServer, IAsyncDisposable
{
    private readonly RecordingStore _store;
    private readonly AuthService _auth;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private HttpServerHost? _host;

    public PlaybackServer(RecordingStore store, AuthService auth, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _auth = auth ?? throw new ArgumentNullException(nameof(auth));
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Playback.PlaybackServer");
    }

    public string Name => "playback";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "playback", "playbackAddress", "playbackEncryption", "playbackServerKey", "playbackServerCert",
        "playbackAllowOrigins", "playbackTrustedProxies",
    };

    /// <summary>Where the server listens, or null when it is stopped or disabled.</summary>
    public IPEndPoint? BoundEndPoint => _host?.BoundEndPoint;

    public static HttpServerOptions Options(BrokerConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new HttpServerOptions
        {
            Name = "playback",
            Endpoint = ListenAddress.Parse(conf.PlaybackAddress),
            Certificate = conf.PlaybackEncryption ? X509Certificate2.CreateFromPemFile(conf.PlaybackServerCert, conf.PlaybackServerKey) : null,
            AllowOrigins = conf.PlaybackAllowOrigins,
            TrustedProxies = conf.PlaybackTrustedProxies,
            AllowMethods = "OPTIONS, GET",
            AllowHeaders = "Authorization",
            ReadTimeout = conf.ReadTimeout,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
    }

    public async Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Playback || _host is not null)
        {
            return;
        }

        var options = Options(conf);
        _host = await HttpServerHost.StartAsync(options, _loggerFactory, Map, ct).ConfigureAwait(false);
        PlaybackLog.Listening(_logger, _host.BoundEndPoint.ToString(), options.Certificate is null ? "TCP/HTTP" : "TCP/HTTPS");
    }

    public async Task StopAsync(CancellationToken ct)
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.StopAsync(ct).ConfigureAwait(false);
            PlaybackLog.Closed(_logger);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private void Map(WebApplication app)
    {
        app.MapGet("/list", ListAsync);
        app.MapGet("/get", GetAsync);
        app.MapFallback(ctx => ErrorAsync(ctx, StatusCodes.Status404NotFound, "not found"));
    }

    /// <summary>Reads and checks the path parameter, then authorizes; false when the answer (400 or 401) is written.</summary>
    private async Task<(bool Ok, string Path)> AuthorizeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Query["path"].ToString();
        if (path.Length == 0)
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'path' parameter: missing").ConfigureAwait(false);
            return (false, path);
        }

        if (!RecordingStore.IsSafePathName(path))
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'path' parameter: " + PathNames.Validate(path)).ConfigureAwait(false);
            return (false, path);
        }

        string user = "", pass = "", token = "";
        var query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "";
        if (!HttpCredentials.TryParse(ctx.Request.Headers.Authorization.ToString(), out user, out pass, out token))
        {
            QueryCredentials.TryParse(query, out user, out pass, out token);
        }

        var result = await _auth.AuthenticateAsync(new AuthRequest
        {
            Action = AuthAction.Playback,
            Path = path,
            Query = query,
            User = user,
            Password = pass,
            Token = token,
            RemoteIp = ctx.Connection.RemoteIpAddress ?? IPAddress.None,
            Protocol = AuthProtocol.Http,
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
        }, ctx.RequestAborted).ConfigureAwait(false);
        if (result.IsOk)
        {
            return (true, path);
        }

        if (result.Outcome == AuthOutcome.CredentialsRequired)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
        }

        await ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "authentication error").ConfigureAwait(false);
        return (false, path);
    }

    /// <summary>The segments of an authorized path, or the 404 written.</summary>
    private async Task<IReadOnlyList<RecordSegment>?> SegmentsAsync(HttpContext ctx, string path)
    {
        var status = _store.TryListSegments(path, out var segments);
        switch (status)
        {
            case RecordLookup.Ok:
                return segments;
            case RecordLookup.InvalidPath:
                await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'path' parameter").ConfigureAwait(false);
                return null;
            case RecordLookup.NoConf:
                await ErrorAsync(ctx, StatusCodes.Status404NotFound, "path not found").ConfigureAwait(false);
                return null;
            default:
                await ErrorAsync(ctx, StatusCodes.Status404NotFound, "no recordings found").ConfigureAwait(false);
                return null;
        }
    }

    internal static Task ErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(new System.Text.Json.Nodes.JsonObject { ["error"] = message }.ToJsonString(), ctx.RequestAborted);
    }
}
