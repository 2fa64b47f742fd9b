using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Net.Tcp;
using MediaBroker.Protocols.Rtsp.Tunnel;
using MediaBroker.Streams.Rtp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// The RTSP/RTSPS server: TCP listeners on <c>rtspAddress</c>/<c>rtspsAddress</c>, the UDP RTP/RTCP socket pair,
/// multicast groups, the registries of connections and sessions (for the API) and a one-second housekeeping
/// tick (session timeouts, RTCP reports). Every RTSP reader of a stream shares one <see cref="RtpStreamEncoder"/>.
/// </summary>
public sealed class RtspServer : IBrokerServer, ITcpConnectionHandler, IAsyncDisposable
{
    private readonly PathManager _paths;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, RtspConnection> _connections = new();
    private readonly ConcurrentDictionary<string, RtspSession> _sessions = new(StringComparer.Ordinal);
    private TcpServer? _plain;
    private TcpServer? _tls;
    private CancellationTokenSource? _running;
    private Task? _housekeeping;
    private readonly IConnectionHooks? _hooks;
    private readonly RtspTunnelServer _tunnels;

    public RtspServer(PathManager paths, ILoggerFactory loggerFactory, RtspServerOptions? options = null, IConnectionHooks? hooks = null)
    {
        _hooks = hooks;
        _paths = paths;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Rtsp");
        Options = options ?? new RtspServerOptions();
        _tunnels = new RtspTunnelServer(RunConnectionAsync, () => Options, _logger);
    }

    public string Name => "RTSP";

    public IReadOnlySet<string> ConfKeys => RtspServerOptions.ConfKeys;

    public RtspServerOptions Options { get; private set; }

    /// <summary>The plain listener's bound address, when it runs.</summary>
    public IPEndPoint? BoundEndPoint => _plain?.BoundEndPoint;

    /// <summary>The RTSPS listener's bound address, when it runs.</summary>
    public IPEndPoint? RtspsBoundEndPoint => _tls?.BoundEndPoint;

    public IReadOnlyList<BoundListener> Listeners =>
    [
        .. BoundEndPoint is { } plain ? [new BoundListener("rtsp", "rtsp", plain)] : Array.Empty<BoundListener>(),
        .. RtspsBoundEndPoint is { } tls ? [new BoundListener("rtsp", "rtsps", tls)] : Array.Empty<BoundListener>(),
    ];

    public IPEndPoint? RtpEndPoint => Udp?.RtpEndPoint;

    public IPEndPoint? RtcpEndPoint => Udp?.RtcpEndPoint;

    public IReadOnlyList<RtspConnInfo> Connections => [.. _connections.Values.Select(c => c.Info).OrderBy(c => c.Created)];

    /// <summary>A snapshot of the sessions, each listing the connections whose current session it is.</summary>
    public IReadOnlyList<RtspSessionInfo> Sessions
    {
        get
        {
            var conns = Connections;
            return [.. _sessions.Values.Select(s => s.Describe([.. conns.Where(c => c.Session == s.Id).Select(c => c.Id)])).OrderBy(s => s.Created)];
        }
    }

    internal PathManager Paths => _paths;

    internal RtspUdpListener? Udp { get; private set; }

    /// <summary>SAVP over UDP uses its own ports (<c>srtpAddress</c>/<c>srtcpAddress</c>), as MediaMTX does.</summary>
    internal RtspUdpListener? SecureUdp { get; private set; }

    internal RtspUdpListener? UdpFor(bool secure) => secure ? SecureUdp : Udp;

    internal RtspMulticast? Multicast { get; private set; }

    /// <summary>Closes a connection or a session (API kick). False when neither exists.</summary>
    public bool Kick(Guid id)
    {
        if (_connections.TryGetValue(id, out var c))
        {
            c.Abort("kicked");
            return true;
        }

        foreach (var s in _sessions.Values)
        {
            if (s.Id == id)
            {
                s.Kick("kicked");
                return true;
            }
        }

        return false;
    }

    public Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        if (!conf.Rtsp)
        {
            return Task.CompletedTask;
        }

        Options = RtspServerOptions.From(conf);
        return StartAsync(ct);
    }

    /// <summary>Starts with <see cref="Options"/> as given to the constructor.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (Options.AllowUdp)
        {
            Udp = new RtspUdpListener(Options.RtpAddress, Options.RtcpAddress, Options.UdpReadBufferSize, _logger, Options.DumpPackets ? "rtsp_server" : null);
            RtspLog.Listening(_logger, "RTP/RTCP UDP", Udp.RtpEndPoint);
            if (Options.Encryption != RtspEncryption.No)
            {
                SecureUdp = new RtspUdpListener(Options.SrtpAddress, Options.SrtcpAddress, Options.UdpReadBufferSize, _logger, Options.DumpPackets ? "rtsp_server_secure" : null);
                RtspLog.Listening(_logger, "SRTP/SRTCP UDP", SecureUdp.RtpEndPoint);
            }
        }

        if (Options.AllowMulticast)
        {
            Multicast = new RtspMulticast(Options.MulticastIPRange, Options.MulticastRtpPort, Options.MulticastRtcpPort, _logger, Options.MulticastSrtpPort, Options.MulticastSrtcpPort);
        }

        if (Options.Encryption != RtspEncryption.Strict)
        {
            _plain = new TcpServer(new TcpServerOptions("RTSP", Options.Address, null, Options.TrustedProxies) { HandshakeTimeout = Options.ReadTimeout, WriteTimeout = Options.WriteTimeout, DumpPrefix = Options.DumpPackets ? "rtsp_server_conn" : null }, this, _logger);
            await _plain.StartAsync(ct).ConfigureAwait(false);
        }

        if (Options.Encryption != RtspEncryption.No)
        {
            var certificate = Options.Certificate ?? X509Certificate2.CreateFromPemFile(Options.ServerCert, Options.ServerKey);
            _tls = new TcpServer(new TcpServerOptions("RTSPS", Options.RtspsAddress, certificate, Options.TrustedProxies) { HandshakeTimeout = Options.ReadTimeout, WriteTimeout = Options.WriteTimeout, DumpPrefix = Options.DumpPackets ? "rtsps_server_conn" : null }, this, _logger);
            await _tls.StartAsync(ct).ConfigureAwait(false);
        }

        _running = new CancellationTokenSource();
        _housekeeping = HousekeepingAsync(_running.Token);
    }

    public async Task StopAsync(CancellationToken ct) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>An accepted connection: plain RTSP, or a tunnel (HTTP GET/POST, WebSocket) told apart by its first bytes.</summary>
    public async Task HandleAsync(TcpConnection connection, CancellationToken ct)
    {
        switch (await _tunnels.IsHttpAsync(connection, ct).ConfigureAwait(false))
        {
            case true:
                await _tunnels.HandleAsync(connection, ct).ConfigureAwait(false);
                break;
            case false:
                await RunConnectionAsync(RtspConnectionIo.Direct(connection), ct).ConfigureAwait(false);
                break;
            default:
                // Silent within readTimeout: closed (and logged) without becoming a connection.
                break;
        }
    }

    private async Task RunConnectionAsync(RtspConnectionIo io, CancellationToken ct)
    {
        var conn = new RtspConnection(io, this, _logger);
        _connections[conn.Id] = conn;
        using var hook = _hooks?.OnConnect(io.IsTls ? "rtspsConn" : "rtspConn", conn.Id);
        try
        {
            await conn.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(conn.Id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is { } running)
        {
            await running.CancelAsync().ConfigureAwait(false);
            await (_housekeeping ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            running.Dispose();
            _running = null;
        }

        if (_plain is not null)
        {
            await _plain.DisposeAsync().ConfigureAwait(false);
            _plain = null;
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
            _tls = null;
        }

        foreach (var s in _sessions.Values)
        {
            s.Close("the server is stopping");
        }

        if (SecureUdp is not null)
        {
            await SecureUdp.DisposeAsync().ConfigureAwait(false);
            SecureUdp = null;
        }

        if (Udp is not null)
        {
            await Udp.DisposeAsync().ConfigureAwait(false);
            Udp = null;
        }

        Multicast?.Dispose();
        Multicast = null;
    }

    /// <summary>
    /// The stream's shared RTP encoder, the same one WebRTC viewers use: its packets leave room for an SRTP tag
    /// (SAVP readers) and fit WebRTC's 1200 bytes (see <see cref="RtpPayloadSize.For"/>).
    /// </summary>
    internal RtpStreamEncoder GetEncoder(MediaStream stream) =>
        stream.GetOrAddEncoder(new RtpEncoderKey(RtpPayloadSize.For(Options.UdpMaxPayloadSize)));

    internal void AddSession(RtspSession session) => _sessions[session.SecretId] = session;

    internal void RemoveSession(RtspSession session) => _sessions.TryRemove(new KeyValuePair<string, RtspSession>(session.SecretId, session));

    internal RtspSession? FindSession(string secretId) => _sessions.GetValueOrDefault(secretId);

    /// <summary>Once a second: closes silent sessions and connections; every RTCP period sends reports.</summary>
    private async Task HousekeepingAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var lastReports = DateTime.UtcNow;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                CheckTimeouts();
                var now = DateTime.UtcNow;
                if (now - lastReports >= Options.RtcpPeriod)
                {
                    lastReports = now;
                    foreach (var s in _sessions.Values)
                    {
                        s.SendReports(now);
                    }

                    Multicast?.SendReports(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void CheckTimeouts()
    {
        var readTimeout = (long)Options.ReadTimeout.TotalMilliseconds;
        var sessionTimeout = (long)Options.SessionTimeout.TotalMilliseconds;
        foreach (var s in _sessions.Values)
        {
            var limit = s.State == RtspSessionState.Recording ? readTimeout : sessionTimeout;
            if (s.Transport != Messages.RtspLowerTransport.Tcp && s.IdleMilliseconds > limit)
            {
                s.Kick(s.State == RtspSessionState.Recording ? "no RTP packets within readTimeout" : "session timed out");
            }
        }

        foreach (var c in _connections.Values)
        {
            // A connection idles legitimately while its sessions play or publish over UDP; otherwise readTimeout applies.
            var active = false;
            foreach (var s in c.Sessions)
            {
                active |= s.State is RtspSessionState.Playing || (s.State is RtspSessionState.Recording && s.Transport != Messages.RtspLowerTransport.Tcp);
            }

            if (!active && c.IdleMilliseconds > readTimeout)
            {
                c.Abort("readTimeout elapsed without requests");
            }
        }
    }
}
