using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Diagnostics;

/// <summary>
/// MediaMTX's pprof server (<c>pprof: yes</c>, <c>pprofAddress</c>, default :9999, action <c>pprof</c>) for a .NET
/// process: the same keys and <c>/debug/pprof/</c> URLs, answering with what .NET tools read — EventPipe traces
/// (<c>.nettrace</c>: PerfView, Visual Studio, <c>dotnet-trace convert</c> to speedscope), process dumps
/// (<c>dotnet-dump analyze</c>) and plain-text runtime reports. Traces are recorded by connecting to this process's
/// own diagnostics port, so nothing has to be installed next to the broker.
/// </summary>
public sealed class DiagnosticsServer : IBrokerServer, IAsyncDisposable
{
    private const int MaxSeconds = 600;

    private readonly AuthService _auth;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    // One trace or dump at a time: each costs CPU and memory in the process being diagnosed.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private HttpServerHost? _host;

    public DiagnosticsServer(AuthService auth, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _auth = auth ?? throw new ArgumentNullException(nameof(auth));
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Diagnostics.DiagnosticsServer");
    }

    public string Name => "pprof";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "pprof", "pprofAddress", "pprofEncryption", "pprofServerKey", "pprofServerCert", "pprofAllowOrigins", "pprofTrustedProxies",
    };

    /// <summary>Where the server listens, or null when it is stopped or disabled.</summary>
    public IPEndPoint? BoundEndPoint => _host?.BoundEndPoint;

    public async Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Pprof || _host is not null)
        {
            return;
        }

        var options = new HttpServerOptions
        {
            Name = "pprof",
            Endpoint = ListenAddress.Parse(conf.PprofAddress),
            Certificate = conf.PprofEncryption ? X509Certificate2.CreateFromPemFile(conf.PprofServerCert, conf.PprofServerKey) : null,
            AllowOrigins = conf.PprofAllowOrigins,
            TrustedProxies = conf.PprofTrustedProxies,
            AllowMethods = "OPTIONS, GET",
            AllowHeaders = "Authorization",
            ReadTimeout = conf.ReadTimeout,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        _host = await HttpServerHost.StartAsync(options, _loggerFactory, Map, ct).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.StopAsync(ct).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private void Map(WebApplication app)
    {
        app.MapGet("/debug/pprof/", ctx => Authorized(ctx, () => TextAsync(ctx, "text/html; charset=utf-8", DiagnosticsIndex.Html)));
        app.MapGet("/debug/pprof/cmdline", ctx => Authorized(ctx, () => TextAsync(ctx, "text/plain; charset=utf-8",
            string.Join('\0', Environment.GetCommandLineArgs()))));
        app.MapGet("/debug/pprof/heap", ctx => Authorized(ctx, () =>
        {
            if (ctx.Request.Query["gc"] == "1")
            {
                // As Go's ?gc=1: collect first, so the numbers show what is still referenced.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            return TextAsync(ctx, "text/plain; charset=utf-8", RuntimeSnapshot.Heap());
        }));
        app.MapGet("/debug/pprof/goroutine", ctx => Authorized(ctx, () => TextAsync(ctx, "text/plain; charset=utf-8", RuntimeSnapshot.Threads())));
        app.MapGet("/debug/pprof/threads", ctx => Authorized(ctx, () => TextAsync(ctx, "text/plain; charset=utf-8", RuntimeSnapshot.Threads())));
        app.MapGet("/debug/pprof/profile", ctx => Authorized(ctx, () => TraceAsync(ctx, TraceKind.Cpu)));
        app.MapGet("/debug/pprof/trace", ctx => Authorized(ctx, () => TraceAsync(ctx, TraceKind.RuntimeEvents)));
        app.MapGet("/debug/pprof/allocs", ctx => Authorized(ctx, () => TraceAsync(ctx, TraceKind.Allocations)));
        app.MapGet("/debug/pprof/dump", ctx => Authorized(ctx, () => DumpAsync(ctx)));
        app.MapFallback(ctx => Authorized(ctx, () => ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "not found")));
    }

    private async Task Authorized(HttpContext ctx, Func<Task> handle)
    {
        if (await AdminAuth.AuthorizeAsync(ctx, _auth, AuthAction.Pprof).ConfigureAwait(false))
        {
            await handle().ConfigureAwait(false);
        }
    }

    private static Task TextAsync(HttpContext ctx, string contentType, string text)
    {
        ctx.Response.ContentType = contentType;
        ctx.Response.Headers.CacheControl = "no-store";
        return ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }

    private async Task TraceAsync(HttpContext ctx, TraceKind kind)
    {
        if (!TryReadSeconds(ctx, kind.DefaultSeconds, out var seconds))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest,
                $"invalid 'seconds' parameter: an integer from 1 to {MaxSeconds}").ConfigureAwait(false);
            return;
        }

        if (!await _oneAtATime.WaitAsync(0, ctx.RequestAborted).ConfigureAwait(false))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status409Conflict, "another trace or dump is being recorded").ConfigureAwait(false);
            return;
        }

        try
        {
            EventPipeSession session;
            try
            {
                var client = new DiagnosticsClient(Environment.ProcessId);
                session = await client.StartEventPipeSessionAsync(kind.Providers, requestRundown: true, circularBufferMB: 64, ctx.RequestAborted)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or IOException or TimeoutException)
            {
                DiagnosticsLog.Failed(_logger, kind.Name, ex.Message);
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status500InternalServerError,
                    "the runtime's diagnostics port is not available (is DOTNET_EnableDiagnostics=0 set?): " + ex.Message).ConfigureAwait(false);
                return;
            }

            using (session)
            {
                DiagnosticsLog.TraceStarted(_logger, kind.Name, seconds, ctx.Connection.RemoteIpAddress?.ToString() ?? "?");
                ctx.Response.ContentType = "application/octet-stream";
                ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{kind.FileName}\"";
                // Headers go out now: the client knows the trace started (and a second request gets 409, not a wait).
                await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
                var copy = session.EventStream.CopyToAsync(ctx.Response.Body, CancellationToken.None);
                try
                {
                    // The trace's length is what the user asked for; a client that goes away ends it early.
                    await Task.Delay(TimeSpan.FromSeconds(seconds), ctx.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await copy.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                    // The client left; the session is stopped either way.
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task DumpAsync(HttpContext ctx)
    {
        var typeName = ctx.Request.Query["type"].ToString();
        DumpType? type = typeName switch
        {
            "" or "heap" => DumpType.WithHeap,
            "mini" => DumpType.Normal,
            "full" => DumpType.Full,
            _ => null,
        };
        if (type is not { } dumpType)
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'type' parameter: mini, heap or full").ConfigureAwait(false);
            return;
        }

        if (!await _oneAtATime.WaitAsync(0, ctx.RequestAborted).ConfigureAwait(false))
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status409Conflict, "another trace or dump is being recorded").ConfigureAwait(false);
            return;
        }

        var file = Path.Combine(Path.GetTempPath(), $"mediabroker-{Environment.ProcessId}-{DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)}.dmp");
        try
        {
            DiagnosticsLog.DumpStarted(_logger, typeName.Length == 0 ? "heap" : typeName, ctx.Connection.RemoteIpAddress?.ToString() ?? "?");
            try
            {
                await new DiagnosticsClient(Environment.ProcessId).WriteDumpAsync(dumpType, file, logDumpGeneration: false, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or IOException or TimeoutException)
            {
                DiagnosticsLog.Failed(_logger, "dump", ex.Message);
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status500InternalServerError,
                    "the dump could not be written (containers need the SYS_PTRACE capability): " + ex.Message).ConfigureAwait(false);
                return;
            }

            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.Headers.ContentDisposition = "attachment; filename=\"mediabroker.dmp\"";
            await ctx.Response.SendFileAsync(file, ctx.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
            _oneAtATime.Release();
        }
    }

    private static bool TryReadSeconds(HttpContext ctx, int fallback, out int seconds)
    {
        var text = ctx.Request.Query["seconds"].ToString();
        if (text.Length == 0)
        {
            seconds = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= MaxSeconds;
    }
}
