using System.Net;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Metrics;

/// <summary>The Prometheus endpoint (<c>metrics: yes</c>, <c>metricsAddress</c>, <c>GET /metrics</c>, action <c>metrics</c>).</summary>
public sealed class MetricsServer : IBrokerServer, IAsyncDisposable
{
    private readonly AuthService _auth;
    private readonly IMetricsProvider[] _providers;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private AdminHttpHost? _host;

    public MetricsServer(AuthService auth, IEnumerable<IMetricsProvider> providers, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _auth = auth;
        _providers = [.. providers.OrderBy(p => p.Order)];
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Metrics.MetricsServer");
    }

    public string Name => "metrics";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "metrics", "metricsAddress", "metricsEncryption", "metricsServerKey", "metricsServerCert", "metricsAllowOrigins", "metricsTrustedProxies",
    };

    public IPEndPoint? BoundEndPoint => _host?.BoundEndPoint;

    /// <summary>The text of one scrape (also used by tests).</summary>
    public string Render(MetricsQuery query)
    {
        var writer = new MetricsWriter(query);
        foreach (var p in _providers)
        {
            p.Write(writer);
        }

        return writer.ToString();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", async ctx =>
        {
            if (!await AdminAuth.AuthorizeAsync(ctx, _auth, AuthAction.Metrics).ConfigureAwait(false))
            {
                return;
            }

            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.WriteAsync(Render(MetricsQuery.From(ctx.Request.Query)), ctx.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapFallback(async ctx =>
        {
            if (await AdminAuth.AuthorizeAsync(ctx, _auth, AuthAction.Metrics).ConfigureAwait(false))
            {
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            }
        });
    }

    public async Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Metrics || _host is not null)
        {
            return;
        }

        var options = new AdminHttpOptions
        {
            Name = "metrics",
            Address = conf.MetricsAddress,
            Encryption = conf.MetricsEncryption,
            ServerKey = conf.MetricsServerKey,
            ServerCert = conf.MetricsServerCert,
            AllowOrigins = conf.MetricsAllowOrigins,
            TrustedProxies = conf.MetricsTrustedProxies,
            ReadTimeout = conf.ReadTimeout,
        };
        _host = await AdminHttpHost.StartAsync(options, _loggerFactory, Map, ct).ConfigureAwait(false);
        MetricsLog.Listening(_logger, _host.BoundEndPoint.ToString(), options.Encryption ? "TCP/HTTPS" : "TCP/HTTP");
    }

    public async Task StopAsync(CancellationToken ct)
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));
}
