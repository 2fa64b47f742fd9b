using System.Net;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Api;

/// <summary>The REST API server (<c>api: yes</c>, <c>apiAddress</c>), MediaMTX v3 compatible.</summary>
public sealed class ApiServer : IBrokerServer, IAsyncDisposable
{
    private readonly ApiRoutes _routes;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IApiRouteExtension> _extensions;
    private AdminHttpHost? _host;

    public ApiServer(PathManager paths, AuthService auth, IConfApplier conf, IEnumerable<IApiResourceProvider> resources,
        ILoggerFactory loggerFactory, TimeProvider? time = null, System.Diagnostics.Metrics.Counter<long>? confChanges = null,
        Record.RecordingStore? recordings = null, Forward.ForwardManager? forwards = null, Push.PushManager? pushes = null,
        IEnumerable<IApiRouteExtension>? extensions = null, AdminSessions? sessions = null, IClusterDirectory? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Api.ApiServer");
        _routes = new ApiRoutes(paths, auth, conf, resources, _logger, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime, confChanges, recordings, forwards, pushes, sessions, cluster);
        _extensions = [.. extensions ?? []];
    }

    public string Name => "API";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "apiAddress", "apiEncryption", "apiServerKey", "apiServerCert", "apiAllowOrigins", "apiTrustedProxies",
    };

    /// <summary>The routes (and thus the OpenAPI document) served now.</summary>
    public ApiRoutes Routes => _routes;

    /// <summary>Where the server listens, or null when it is stopped or disabled.</summary>
    public IPEndPoint? BoundEndPoint => _host?.BoundEndPoint;

    public static AdminHttpOptions Options(BrokerConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new AdminHttpOptions
        {
            Name = "API",
            Address = conf.ApiAddress,
            Encryption = conf.ApiEncryption,
            ServerKey = conf.ApiServerKey,
            ServerCert = conf.ApiServerCert,
            AllowOrigins = conf.ApiAllowOrigins,
            TrustedProxies = conf.ApiTrustedProxies,
            ReadTimeout = conf.ReadTimeout,
            AllowMethods = "OPTIONS, GET, POST, PATCH, DELETE",
        };
    }

    public async Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Api || _host is not null)
        {
            return;
        }

        var options = Options(conf);
        _host = await AdminHttpHost.StartAsync(options, _loggerFactory, MapAll, ct).ConfigureAwait(false);
        ApiLog.Listening(_logger, _host.BoundEndPoint.ToString(), options.Encryption ? "TCP/HTTPS" : "TCP/HTTP");
        foreach (var extension in _extensions)
        {
            extension.OnListening(_host.BoundEndPoint, options.Encryption);
        }
    }

    private void MapAll(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
        foreach (var extension in _extensions)
        {
            extension.Map(endpoints);
        }

        _routes.Map(endpoints);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            ApiLog.Closed(_logger);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));
}
