using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Api;

/// <summary>
/// A small Kestrel host for one admin HTTP server (REST API, metrics): listen address, TLS from PEM files,
/// CORS and trusted proxies, then the routes the owner maps. Kept minimal so that it can later sit on the
/// shared HTTP host without changing the route code, which only needs an <see cref="IEndpointRouteBuilder"/>.
/// </summary>
public sealed class AdminHttpHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminHttpHost(WebApplication app, IPEndPoint bound)
    {
        _app = app;
        BoundEndPoint = bound;
    }

    /// <summary>The address actually bound (the real port when the configured one was 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    public static async Task<AdminHttpHost> StartAsync(AdminHttpOptions options, ILoggerFactory loggerFactory,
        Action<IEndpointRouteBuilder> mapRoutes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var endpoint = ListenAddress.Parse(options.Address);
        X509Certificate2? certificate = options.Encryption
            ? X509Certificate2.CreateFromPemFile(options.ServerCert, options.ServerKey)
            : null;
        var proxies = ParseProxies(options.TrustedProxies);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "MediaBroker" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        app.Use((ctx, next) =>
        {
            ApplyForwardedFor(ctx, proxies);
            return AdminCors.Handle(ctx, options, next);
        });
        app.UseRouting();
        mapRoutes(app);
        await app.StartAsync(ct).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var port = endpoint.Port;
        if (addresses is not null && addresses.FirstOrDefault() is { } first && Uri.TryCreate(first, UriKind.Absolute, out var uri))
        {
            port = uri.Port;
        }

        return new AdminHttpHost(app, new IPEndPoint(endpoint.Address, port));
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Connections that did not close in time are aborted by DisposeAsync.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IpNetwork[] ParseProxies(IReadOnlyList<string> texts)
    {
        var list = new List<IpNetwork>(texts.Count);
        foreach (var t in texts)
        {
            if (IpNetwork.TryParse(t, out var n))
            {
                list.Add(n);
            }
        }

        return [.. list];
    }

    /// <summary>
    /// When the peer is a trusted proxy, the client is the right-most <c>X-Forwarded-For</c> entry that is not
    /// itself a trusted proxy (entries on the left can be forged by the client).
    /// </summary>
    private static void ApplyForwardedFor(HttpContext ctx, IpNetwork[] proxies)
    {
        var remote = ctx.Connection.RemoteIpAddress;
        if (proxies.Length == 0 || remote is null || !IsTrusted(remote, proxies))
        {
            return;
        }

        var header = ctx.Request.Headers["X-Forwarded-For"].ToString();
        if (header.Length == 0)
        {
            return;
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(parts[i], out var ip))
            {
                return;
            }

            ctx.Connection.RemoteIpAddress = ip;
            if (!IsTrusted(ip, proxies))
            {
                return;
            }
        }
    }

    private static bool IsTrusted(IPAddress ip, IpNetwork[] proxies) => Array.Exists(proxies, p => p.Contains(ip));
}
