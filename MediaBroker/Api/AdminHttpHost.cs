using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Api;

/// <summary>
/// An admin HTTP server (REST API, metrics) in MediaMTX's shape — address, optional TLS from PEM files, CORS origins,
/// trusted proxies — run on the broker's shared HTTP host, so CORS and forwarded-header handling are the same as HLS's.
/// </summary>
public sealed class AdminHttpHost : IAsyncDisposable
{
    private readonly HttpServerHost _host;

    private AdminHttpHost(HttpServerHost host) => _host = host;

    /// <summary>The address actually bound (the real port when the configured one was 0).</summary>
    public IPEndPoint BoundEndPoint => _host.BoundEndPoint;

    public static async Task<AdminHttpHost> StartAsync(AdminHttpOptions options, ILoggerFactory loggerFactory,
        Action<IEndpointRouteBuilder> mapRoutes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var http = new HttpServerOptions
        {
            Name = options.Name,
            Endpoint = ListenAddress.Parse(options.Address),
            Certificate = options.Encryption ? X509Certificate2.CreateFromPemFile(options.ServerCert, options.ServerKey) : null,
            AllowOrigins = options.AllowOrigins,
            TrustedProxies = options.TrustedProxies,
            AllowMethods = options.AllowMethods,
            AllowHeaders = "Authorization, Content-Type",
            ReadTimeout = options.ReadTimeout,
        };
        var host = await HttpServerHost.StartAsync(http, loggerFactory, app => mapRoutes(app), ct).ConfigureAwait(false);
        return new AdminHttpHost(host);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
