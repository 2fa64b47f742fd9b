using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Http;

/// <summary>
/// Runs one Kestrel <see cref="WebApplication"/> for one broker HTTP server (HLS, WebRTC signalling, API, metrics,
/// playback) on exactly one endpoint, with no appsettings or environment configuration and the broker's logger
/// factory. Every request first passes the trusted-proxy rewrite (real client IP, scheme and host), CORS (preflight
/// answered with 204) and debug request logging, then reaches the routes mapped by the caller.
/// <code>
/// var host = await HttpServerHost.StartAsync(options, loggerFactory, app => app.MapGet("/x", () => "hi"), ct);
/// ... host.BoundEndPoint ...
/// await host.StopAsync(ct);
/// </code>
/// </summary>
public sealed class HttpServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private int _stopped;

    private HttpServerHost(WebApplication app, HttpServerOptions options, ILogger logger)
    {
        _app = app;
        Options = options;
        _logger = logger;
    }

    public HttpServerOptions Options { get; }

    /// <summary>The endpoint actually listened on (the real port when the options asked for port 0).</summary>
    public IPEndPoint BoundEndPoint { get; private set; } = new(IPAddress.Any, 0);

    /// <summary>The services of the web host, for handlers that need framework services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the web application, lets <paramref name="mapRoutes"/> map its endpoints and starts listening.</summary>
    /// <exception cref="IOException">The endpoint cannot be bound (address in use...).</exception>
    public static async Task<HttpServerHost> StartAsync(
        HttpServerOptions options,
        ILoggerFactory loggerFactory,
        Action<WebApplication> mapRoutes,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var cors = new HttpCorsPolicy(options.AllowOrigins);
        var proxies = new HttpForwardedHeaders(options.TrustedProxies);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "MediaBroker",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(new HttpHostLoggerFactory(loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, HttpHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        if (options.InlineScheduling)
        {
            builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.RequestHeadersTimeout = options.ReadTimeout;
            k.Limits.KeepAliveTimeout = options.ReadTimeout;
            k.Listen(options.Endpoint, listen =>
            {
                var watchLogger = loggerFactory.CreateLogger("MediaBroker.Net.Http." + options.Name);
                listen.Use(next => ctx => HttpConnectionWatch.RunAsync(ctx, next, options.Name, options.ReadTimeout, options.Certificate is not null, watchLogger));
                if (options.Certificate is { } cert)
                {
                    // readTimeout bounds the handshake too (Kestrel's default is 10 s): a client that never sends its
                    // ClientHello, or trickles it, is closed like one that trickles its request headers.
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = cert, HandshakeTimeout = options.ReadTimeout });
                    listen.Use(next => ctx => HttpConnectionWatch.MarkHandshakeCompletedAsync(ctx, next));
                }

                if (options.DumpPrefix is { } prefix)
                {
                    // After UseHttps, so HTTPS connections are dumped decrypted, as the TCP servers do.
                    var dumpLogger = loggerFactory.CreateLogger("MediaBroker.Net.Http." + options.Name);
                    listen.Use(next => ctx => DumpingConnection.RunAsync(ctx, next, prefix, dumpLogger));
                }
            });
        });

        var app = builder.Build();
        var logger = loggerFactory.CreateLogger("MediaBroker.Net.Http." + options.Name);
        var host = new HttpServerHost(app, options, logger);
        app.Use((ctx, next) => host.HandleAsync(ctx, next, cors, proxies));
        if (options.WebSockets)
        {
            app.UseWebSockets();
        }
        try
        {
            mapRoutes(app);
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // A port in use must not leave a half-built host (its services, a partly bound Kestrel) behind.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host.BoundEndPoint = ReadBoundEndPoint(app, options.Endpoint);
        HttpLog.Listening(logger, options.Name, host.BoundEndPoint.ToString(), options.Certificate is null ? "http" : "https");
        return host;
    }

    /// <summary>Stops accepting, lets open requests finish within the shutdown timeout, then closes every connection.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(ct).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        HttpLog.Stopped(_logger, Options.Name);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task HandleAsync(HttpContext ctx, RequestDelegate next, HttpCorsPolicy cors, HttpForwardedHeaders proxies)
    {
        var start = Stopwatch.GetTimestamp();
        HttpConnectionWatch.OnRequest(ctx, started: true);
        try
        {
            await HandleRequestAsync(ctx, next, cors, proxies, start).ConfigureAwait(false);
        }
        finally
        {
            HttpConnectionWatch.OnRequest(ctx, started: false);
        }
    }

    private async Task HandleRequestAsync(HttpContext ctx, RequestDelegate next, HttpCorsPolicy cors, HttpForwardedHeaders proxies, long start)
    {
        var req = ctx.Request;
        if (proxies.IsEnabled && ctx.Connection.RemoteIpAddress is { } peer)
        {
            ctx.Connection.RemoteIpAddress = proxies.ResolveClient(peer, req.Headers["X-Forwarded-For"]);
            if (proxies.ResolveScheme(peer, req.Headers["X-Forwarded-Proto"]) is { } scheme)
            {
                req.Scheme = scheme;
            }

            if (proxies.ResolveHost(peer, req.Headers["X-Forwarded-Host"]) is { } forwardedHost)
            {
                req.Host = forwardedHost;
            }
        }

        var allowed = cors.AllowedOrigin(req.Headers.Origin);
        if (allowed is not null)
        {
            var h = ctx.Response.Headers;
            h.AccessControlAllowOrigin = allowed;
            h.AccessControlAllowCredentials = "true";
            if (allowed != "*")
            {
                h.Vary = "Origin";
            }

            if (Options.ExposeHeaders.Length > 0)
            {
                h.AccessControlExposeHeaders = Options.ExposeHeaders;
            }
        }

        if (HttpMethods.IsOptions(req.Method) && req.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            // CORS preflight (Fetch standard §3.2.2): answered here so no route has to know about it.
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            if (allowed is not null)
            {
                ctx.Response.Headers.AccessControlAllowMethods = Options.AllowMethods;
                ctx.Response.Headers.AccessControlAllowHeaders = Options.AllowHeaders;
            }
        }
        else
        {
            await next(ctx).ConfigureAwait(false);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            HttpLog.Request(_logger, Options.Name, ctx.Connection.RemoteIpAddress?.ToString() ?? "?", req.Method, req.Path.Value ?? "",
                ctx.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>The endpoint Kestrel reports, with the real port when <paramref name="requested"/> asked for port 0.</summary>
    private static IPEndPoint ReadBoundEndPoint(WebApplication app, IPEndPoint requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (var a in addresses ?? [])
        {
            // Kestrel reports "http://127.0.0.1:40123" or "https://[::]:40123".
            var colon = a.LastIndexOf(':');
            if (colon > 0 && int.TryParse(a.AsSpan(colon + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return new IPEndPoint(requested.Address, port);
            }
        }

        return requested;
    }
}
