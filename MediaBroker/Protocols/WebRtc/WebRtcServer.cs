using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Mux;
using MediaBroker.Protocols.WebRtc.Sessions;
using MediaBroker.Protocols.WebRtc.Signalling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>
/// The WebRTC server: WHIP/WHEP signalling and the pages on <c>webrtcAddress</c> (HTTP), media for every
/// session on the single UDP port <c>webrtcLocalUDPAddress</c> (ICE-lite, DTLS-SRTP).
/// </summary>
public sealed class WebRtcServer : IBrokerServer, IAsyncDisposable
{
    private readonly PathManager _paths;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Create();
    private WebApplication? _app;
    private WebRtcUdpMux? _mux;
    private WebRtcTcpMux? _tcp;
    private CancellationTokenSource? _stopping;
    private Task? _background;

    public WebRtcServer(PathManager paths, ILoggerFactory loggerFactory, IConnectionHooks? hooks = null)
    {
        Sessions = new(hooks);
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

    /// <summary>The ICE/UDP endpoint actually bound, or null.</summary>
    public IPEndPoint? UdpEndPoint => _mux?.BoundEndPoint;

    /// <summary>The ICE-TCP endpoint actually bound, or null when webrtcLocalTCPAddress is empty.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.BoundEndPoint;

    public Task StartAsync(BrokerConf conf, CancellationToken ct) => StartAsync(WebRtcServerOptions.From(conf), ct);

    public async Task StartAsync(WebRtcServerOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || _app is not null)
        {
            return;
        }

        if (options.LocalUdpAddress.Length == 0 && options.LocalTcpAddress.Length == 0)
        {
            throw new InvalidOperationException("webrtcLocalUDPAddress and webrtcLocalTCPAddress are both empty: no way to carry media");
        }

        var directory = new WebRtcPeerDirectory();
        WebApplication? app = null;
        try
        {
            if (options.LocalUdpAddress.Length > 0)
            {
                _mux = new WebRtcUdpMux(ListenAddress.Parse(options.LocalUdpAddress), directory, _logger);
            }

            if (options.LocalTcpAddress.Length > 0)
            {
                _tcp = new WebRtcTcpMux(ListenAddress.Parse(options.LocalTcpAddress), directory, _logger);
            }

            var context = new WebRtcSessionContext(directory, _certificate, options, new SemaphoreSlim(options.MaxConcurrentHandshakes), Sessions, _logger);
            app = BuildApp(options, new WebRtcHttpHandler(_paths, context, c => CandidatesAsync(options, c)));
            _mux?.Start();
            _tcp?.Start();
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await DisposePortsAsync().ConfigureAwait(false);
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        _app = app;
        _stopping = new CancellationTokenSource();
        BoundEndPoint = ReadBoundEndPoint(app, ListenAddress.Parse(options.Address));
        WebRtcLog.Listening(_logger, BoundEndPoint.ToString(), (UdpEndPoint ?? TcpEndPoint)!.ToString());
        _background = Task.WhenAll(Task.Run(() => HousekeepingAsync(_stopping.Token)), Task.Run(PreWarmAsync));
    }

    private WebApplication BuildApp(WebRtcServerOptions options, WebRtcHttpHandler handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        var endPoint = ListenAddress.Parse(options.Address);
        var certificate = options.Encryption ? X509Certificate2.CreateFromPemFile(options.ServerCert, options.ServerKey) : null;
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endPoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        return app;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_app is not { } app)
        {
            return;
        }

        WebRtcLog.Stopping(_logger);
        _app = null;
        await _stopping!.CancelAsync().ConfigureAwait(false);
        Sessions.CloseAll("server is stopping");
        await app.StopAsync(ct).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
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

    private static IPEndPoint ReadBoundEndPoint(WebApplication app, IPEndPoint requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (var address in addresses ?? [])
        {
            if (Uri.TryCreate(address.Replace("://[::]", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return new IPEndPoint(requested.Address, uri.Port);
            }
        }

        return requested;
    }

    private async ValueTask<IReadOnlyList<string>> CandidatesAsync(WebRtcServerOptions options, CancellationToken ct)
    {
        var udp = _mux?.BoundEndPoint;
        var tcp = _tcp?.BoundEndPoint;
        var addresses = new List<IPAddress>();
        if (options.IpsFromInterfaces && (udp ?? tcp) is { } bound)
        {
            addresses.AddRange(HostCandidates.FromInterfaces(bound.Address, options.IpsFromInterfacesList));
        }

        var (extra, names) = await HostCandidates.ResolveAsync(options.AdditionalHosts, options.StunGatherTimeout, ct).ConfigureAwait(false);
        foreach (var ip in extra)
        {
            if (!addresses.Contains(ip))
            {
                // Additional hosts go first: they are what users behind NAT add so that browsers reach them.
                addresses.Insert(0, ip);
            }
        }

        return HostCandidates.Format(addresses, names, udp?.Port, tcp?.Port);
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
