using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Mux;
using MediaBroker.Protocols.WebRtc.Sessions;
using MediaBroker.Protocols.WebRtc.Signalling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>
/// The WebRTC server: WHIP/WHEP signalling and the pages on <c>webrtcAddress</c> (HTTP, on the shared
/// <see cref="HttpServerHost"/>, which applies webrtcAllowOrigins and webrtcTrustedProxies), media for every
/// session on the single UDP port <c>webrtcLocalUDPAddress</c> (ICE-lite, DTLS-SRTP).
/// </summary>
public sealed partial class WebRtcServer : IBrokerServer, IAsyncDisposable
{
    private readonly PathManager _paths;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Create();
    private HttpServerHost? _host;
    private X509Certificate2? _httpCertificate;
    private WebRtcUdpMux? _mux;
    private WebRtcTcpMux? _tcp;
    private CancellationTokenSource? _stopping;
    private Task? _background;
    private readonly IHttpRequestHandler[] _handlers;
    private readonly HttpListenerDirectory? _listeners;

    /// <param name="handlers">Other folders' routes on the signalling listener (those for <see cref="HttpListenerNames.WebRtc"/>), asked first.</param>
    /// <param name="listeners">Where the signalling listener is bound is recorded there while it runs, for those routes' URLs.</param>
    /// <param name="viewers">Told about each session as one connection from its offer on (the triggers' CONN_OPEN/CONN_CLOSE/USER_END).</param>
    public WebRtcServer(PathManager paths, ILoggerFactory loggerFactory, IConnectionHooks? hooks = null,
        IEnumerable<IHttpRequestHandler>? handlers = null, HttpListenerDirectory? listeners = null, IViewerConnections? viewers = null)
    {
        Sessions = new(hooks, viewers);
        _handlers = [.. (handlers ?? []).Where(h => h.Listener == HttpListenerNames.WebRtc)];
        _listeners = listeners;
        _paths = paths;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.WebRtc.WebRtcServer");
    }

    public string Name => "WebRTC";

    public IReadOnlySet<string> ConfKeys => WebRtcServerOptions.Keys;

    /// <summary>The live sessions (API: /v3/webrtcsessions), with Kick.</summary>
    public WebRtcSessionRegistry Sessions { get; }

    /// <summary>The HTTP signalling endpoint actually bound (port 0 resolved), or null when stopped.</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    public IReadOnlyList<BoundListener> Listeners =>
        BoundEndPoint is { } ep ? [new("webrtc", _httpCertificate is null ? "http" : "https", ep)] : [];

    /// <summary>The ICE/UDP endpoint actually bound, or null.</summary>
    public IPEndPoint? UdpEndPoint => _mux?.BoundEndPoint;

    /// <summary>The ICE-TCP endpoint actually bound, or null when webrtcLocalTCPAddress is empty.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.BoundEndPoint;

    public Task StartAsync(BrokerConf conf, CancellationToken ct) => StartAsync(WebRtcServerOptions.From(conf), ct);

    public async Task StartAsync(WebRtcServerOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || _host is not null)
        {
            return;
        }

        if (options.LocalUdpAddress.Length == 0 && options.LocalTcpAddress.Length == 0)
        {
            throw new InvalidOperationException("webrtcLocalUDPAddress and webrtcLocalTCPAddress are both empty: no way to carry media");
        }

        var directory = new WebRtcPeerDirectory();
        X509Certificate2? certificate = null;
        try
        {
            if (options.LocalUdpAddress.Length > 0)
            {
                _mux = new WebRtcUdpMux(ListenAddress.Parse(options.LocalUdpAddress), directory, _logger, options.UdpReadBufferSize, options.DumpPackets);
            }

            if (options.LocalTcpAddress.Length > 0)
            {
                _tcp = new WebRtcTcpMux(ListenAddress.Parse(options.LocalTcpAddress), directory, _logger);
            }

            certificate = options.Encryption ? HttpCertificates.LoadPem(options.ServerCert, options.ServerKey) : null;
            var context = new WebRtcSessionContext(directory, _certificate, options, new SemaphoreSlim(options.MaxConcurrentHandshakes), Sessions, _logger);
            var handler = new WebRtcHttpHandler(_paths, context, c => CandidatesAsync(options, c));
            _mux?.Start();
            _tcp?.Start();
            _host = await HttpServerHost.StartAsync(HttpOptions(options, certificate), _loggerFactory, app => app.Run(ctx => HandleAsync(ctx, handler)), ct)
                .ConfigureAwait(false);
        }
        catch
        {
            await DisposePortsAsync().ConfigureAwait(false);
            certificate?.Dispose();
            throw;
        }

        _httpCertificate = certificate;
        _stopping = new CancellationTokenSource();
        BoundEndPoint = _host.BoundEndPoint;
        _listeners?.Set(HttpListenerNames.WebRtc, BoundEndPoint, certificate is not null);
        WebRtcLog.Listening(_logger, BoundEndPoint.ToString(), (UdpEndPoint ?? TcpEndPoint)!.ToString());
        _background = Task.WhenAll(Task.Run(() => HousekeepingAsync(_stopping.Token)), Task.Run(PreWarmAsync));
    }

    /// <summary>
    /// The signalling listener. The host answers CORS preflights and sets the CORS headers of every answer, so it is
    /// told the handler's methods, request headers and WHIP/WHEP response headers.
    /// </summary>
    /// <summary>The other folders' routes first (the stream info and embed pages), then WHIP/WHEP and the pages.</summary>
    private async Task HandleAsync(HttpContext ctx, WebRtcHttpHandler handler)
    {
        foreach (var h in _handlers)
        {
            if (await h.TryHandleAsync(ctx).ConfigureAwait(false))
            {
                return;
            }
        }

        await handler.HandleAsync(ctx).ConfigureAwait(false);
    }

    private HttpServerOptions HttpOptions(WebRtcServerOptions options, X509Certificate2? certificate) => new()
    {
        WebSockets = _handlers.Length != 0,
        Name = Name,
        Endpoint = ListenAddress.Parse(options.Address),
        Certificate = certificate,
        AllowOrigins = options.AllowOrigins,
        TrustedProxies = options.TrustedProxies,
        AllowMethods = WebRtcHttpHandler.AllowMethods,
        AllowHeaders = WebRtcHttpHandler.AllowHeaders,
        ExposeHeaders = WebRtcHttpHandler.ExposeHeaders,
        ReadTimeout = options.ReadTimeout,
        DumpPrefix = options.DumpPackets ? "webrtc_server_conn" : null,
    };

    public async Task StopAsync(CancellationToken ct)
    {
        if (_host is not { } host)
        {
            return;
        }

        WebRtcLog.Stopping(_logger);
        _listeners?.Remove(HttpListenerNames.WebRtc);
        _host = null;
        await _stopping!.CancelAsync().ConfigureAwait(false);
        Sessions.CloseAll("server is stopping");
        await host.StopAsync(ct).ConfigureAwait(false);
        _httpCertificate?.Dispose();
        _httpCertificate = null;
        await Task.WhenAll(Sessions.List().Select(s => s.Completion)).WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        await DisposePortsAsync().ConfigureAwait(false);

        if (_background is not null)
        {
            await _background.ConfigureAwait(false);
        }

        _stopping.Dispose();
        BoundEndPoint = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _certificate.Dispose();
    }

    private async Task DisposePortsAsync()
    {
        if (_mux is not null)
        {
            await _mux.DisposeAsync().ConfigureAwait(false);
            _mux = null;
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
            _tcp = null;
        }
    }

    private async Task HousekeepingAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                Sessions.CheckTimers();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One loopback handshake at start-up JIT-compiles BouncyCastle's DTLS and EC code, so the first real
    /// client is not kept waiting ~60 ms and made to retransmit its ClientHello.
    /// </summary>
    private async Task PreWarmAsync()
    {
        var started = Stopwatch.GetTimestamp();
        DtlsSrtpTransport? server = null;
        DtlsSrtpTransport? client = null;
        try
        {
            using var other = DtlsCertificate.Create("prewarm");
            server = new DtlsSrtpTransport(DtlsRole.Server, _certificate, other.Fingerprint, d => client!.PushDatagram(d.Span));
            client = new DtlsSrtpTransport(DtlsRole.Client, other, _certificate.Fingerprint, d => server.PushDatagram(d.Span));
            var keys = server.HandshakeAsync();
            await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await keys.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            WebRtcLog.PreWarmed(_logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is DtlsHandshakeException or TimeoutException)
        {
            WebRtcLog.PreWarmFailed(_logger, ex);
        }
        finally
        {
            server?.Dispose();
            client?.Dispose();
        }
    }
}
