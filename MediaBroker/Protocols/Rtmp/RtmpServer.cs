using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net.Tcp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// The RTMP/RTMPS server: one <see cref="TcpServer"/> per listener (plain unless encryption is strict, TLS
/// unless it is off), each connection an <see cref="RtmpConnection"/>. Lists and kicks connections for the API.
/// </summary>
public sealed class RtmpServer : ITcpConnectionHandler, IAsyncDisposable
{
    private readonly RtmpServerOptions _options;
    private readonly PathManager _paths;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, RtmpConnection> _connections = new();
    private TcpServer? _plain;
    private TcpServer? _tls;
    private readonly IConnectionHooks? _hooks;

    public RtmpServer(RtmpServerOptions options, PathManager paths, ILoggerFactory loggerFactory, IConnectionHooks? hooks = null)
    {
        _hooks = hooks;
        _options = options;
        _paths = paths;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Rtmp");
    }

    /// <summary>The plain listener's bound address, when it runs.</summary>
    public IPEndPoint? BoundEndPoint => _plain?.BoundEndPoint;

    /// <summary>The RTMPS listener's bound address, when it runs.</summary>
    public IPEndPoint? RtmpsBoundEndPoint => _tls?.BoundEndPoint;

    /// <summary>A snapshot of the connections (plain and TLS; <see cref="RtmpConnInfo.IsTls"/> tells them apart).</summary>
    public IReadOnlyList<RtmpConnInfo> Connections => [.. _connections.Values.Select(c => c.Info).OrderBy(c => c.Created)];

    public RtmpConnInfo? GetConnection(Guid id) => _connections.TryGetValue(id, out var c) ? c.Info : null;

    /// <summary>Whether a connection's socket reads without waiting for data first (tests: publishers do, players do not).</summary>
    internal bool ReadsContinuously(Guid id) => _connections.TryGetValue(id, out var c) && c.ReadsContinuously;

    /// <summary>Closes a connection (API kick). Returns false when there is no such connection.</summary>
    public bool Kick(Guid id)
    {
        if (!_connections.TryGetValue(id, out var c))
        {
            return false;
        }

        c.Kick("kicked");
        return true;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (_options.Encryption != RtmpEncryption.Strict)
        {
            _plain = new TcpServer(new TcpServerOptions("RTMP", _options.Address, null, _options.TrustedProxies) { HandshakeTimeout = _options.ReadTimeout, WriteTimeout = _options.WriteTimeout, DumpPrefix = _options.DumpPackets ? "rtmp_server_conn" : null }, this, _logger);
            await _plain.StartAsync(ct).ConfigureAwait(false);
        }

        if (_options.Encryption != RtmpEncryption.No)
        {
            var certificate = _options.Certificate ?? X509Certificate2.CreateFromPemFile(_options.ServerCert, _options.ServerKey);
            _tls = new TcpServer(new TcpServerOptions("RTMPS", _options.RtmpsAddress, certificate, _options.TrustedProxies) { HandshakeTimeout = _options.ReadTimeout, WriteTimeout = _options.WriteTimeout, DumpPrefix = _options.DumpPackets ? "rtmps_server_conn" : null }, this, _logger);
            await _tls.StartAsync(ct).ConfigureAwait(false);
        }
    }

    public async Task HandleAsync(TcpConnection connection, CancellationToken ct)
    {
        var session = new RtmpConnection(connection, _paths, _options, _logger);
        _connections[session.Id] = session;
        using var hook = _hooks?.OnConnect(connection.IsTls ? "rtmpsConn" : "rtmpConn", session.Id);
        try
        {
            await session.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(session.Id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_plain is not null)
        {
            await _plain.DisposeAsync().ConfigureAwait(false);
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
        }
    }
}
