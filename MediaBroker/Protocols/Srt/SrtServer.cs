using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Protocols.Srt.Native;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// The SRT listener (<c>srt</c>, <c>srtAddress</c>, default :8890/udp). Callers name what they want in the
/// stream id; the listen callback validates it, picks the path's passphrase and asks auth before the
/// handshake completes, so a refused caller never gets to send or receive media. The API lists
/// connections through <see cref="Connections"/> and closes one with <see cref="Kick"/>.
/// </summary>
public sealed partial class SrtServer : IBrokerServer, IAsyncDisposable
{
    private readonly PathManager _paths;
    private readonly IPathAuthorizer _authorizer;
    private readonly SrtRuntime _runtime;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, SrtConn> _conns = new();
    private readonly ConcurrentDictionary<int, SrtHandshake> _handshakes = new();
    private readonly SrtApi.ListenCallback _listenCallback;
    private readonly Action<SrtConn> _onConnClosed;
    private readonly IConnectionHooks? _hooks;
    private readonly ConcurrentDictionary<Guid, IDisposable> _connHooks = new();
    private Listener? _listener;

    public SrtServer(PathManager paths, IPathAuthorizer authorizer, SrtRuntime runtime, ILoggerFactory loggerFactory, IConnectionHooks? hooks = null)
    {
        _hooks = hooks;
        _paths = paths;
        _authorizer = authorizer;
        _runtime = runtime;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Srt.SrtServer");
        _listenCallback = OnListen; // kept in a field: libsrt holds the function pointer
        _onConnClosed = c =>
        {
            _conns.TryRemove(c.Id, out _);
            if (_connHooks.TryRemove(c.Id, out var hook))
            {
                hook.Dispose();
            }
        };
    }

    public string Name => "SRT";

    public IReadOnlySet<string> ConfKeys => SrtServerOptions.ConfKeys;

    /// <summary>The UDP endpoint the listener is bound to, once started.</summary>
    public IPEndPoint? BoundEndPoint => _listener?.BoundEndPoint;

    public IReadOnlyList<BoundListener> Listeners => BoundEndPoint is { } ep ? [new("srt", "srt", ep)] : [];

    /// <summary>A snapshot of the current connections with their statistics.</summary>
    public IReadOnlyList<SrtConnInfo> Connections => [.. _conns.Values.Select(c => c.Describe()).OrderBy(c => c.Created)];

    public SrtConnInfo? GetConnection(Guid id) => _conns.TryGetValue(id, out var c) ? c.Describe() : null;

    public Task StartAsync(BrokerConf conf, CancellationToken ct) => StartAsync(SrtServerOptions.From(conf), ct);

    public Task StartAsync(SrtServerOptions options, CancellationToken ct)
    {
        if (!options.Enabled || _listener is not null)
        {
            return Task.CompletedTask;
        }

        if (!_runtime.TryGet(out var api, out var poller))
        {
            return Task.CompletedTask; // the runtime logged how to install libsrt
        }

        var endPoint = ListenAddress.Parse(options.Address);
        var handle = api.CreateSocket();
        try
        {
            Check(api, api.SetInt(handle, SrtOption.RcvSyn, 0), "SRTO_RCVSYN");
            Check(api, api.SetInt(handle, SrtOption.SndSyn, 0), "SRTO_SNDSYN");
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Check(api, api.SetInt(handle, SrtOption.Ipv6Only, endPoint.Address.Equals(IPAddress.IPv6Any) ? 0 : 1), "SRTO_IPV6ONLY");
            }

            Check(api, api.Bind(handle, SrtSockAddr.Encode(endPoint)), "srt_bind " + endPoint);
            Check(api, api.SetListenCallback(handle, _listenCallback), "srt_listen_callback");
            Check(api, api.Listen(handle, 128), "srt_listen");
        }
        catch
        {
            api.Close(handle);
            throw;
        }

        var listener = new Listener(this, api, poller, handle, options);
        _listener = listener;
        poller.Add(handle, listener, SrtEpollFlags.In | SrtEpollFlags.Err);
        SrtLog.Listening(_logger, listener.BoundEndPoint ?? endPoint);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is null)
        {
            return;
        }

        listener.Close();
        var running = new List<Task>();
        foreach (var conn in _conns.Values)
        {
            conn.Kick("the server is stopping");
            if (conn.Completion is { } t)
            {
                running.Add(t);
            }
        }

        _handshakes.Clear();
        await Task.WhenAll(running).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Closes a connection (API kick). False when there is no such connection.</summary>
    public bool Kick(Guid id)
    {
        if (!_conns.TryGetValue(id, out var conn))
        {
            return false;
        }

        conn.Kick("kicked");
        return true;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static void Check(SrtApi api, int rc, string what)
    {
        if (rc < 0)
        {
            var code = api.LastErrorCode();
            throw new SrtException(code, $"{what}: {api.ErrorText(code)}");
        }
    }

    /// <summary>Runs on the poll thread for every socket the listener accepted.</summary>
    private void OnAccepted(Listener listener, int handle)
    {
        if (!_handshakes.TryRemove(handle, out var handshake))
        {
            listener.Api.Close(handle); // not seen by our callback (cannot happen with a callback installed)
            return;
        }

        SrtSocket socket;
        try
        {
            socket = SrtSocket.Adopt(listener.Api, listener.Poller, handle);
        }
        catch (SrtException ex)
        {
            SrtLog.AcceptFailed(_logger, ex.Message);
            listener.Api.Close(handle);
            return;
        }

        var conn = new SrtConn(handshake, socket, _paths, listener.Options, _logger, listener.Stopping, _onConnClosed);
        _conns[conn.Id] = conn;
        if (_hooks is not null)
        {
            _connHooks[conn.Id] = _hooks.OnConnect("srtConn", conn.Id);
        }

        conn.Start();
    }

    /// <summary>The listening socket, registered with the poller for accept readiness.</summary>
    private sealed class Listener(SrtServer server, SrtApi api, SrtPoller poller, int handle, SrtServerOptions options) : ISrtPollTarget
    {
        private readonly CancellationTokenSource _stopping = new();

        public SrtApi Api => api;

        public SrtPoller Poller => poller;

        public SrtServerOptions Options => options;

        public CancellationToken Stopping => _stopping.Token;

        public IPEndPoint? BoundEndPoint { get; } = ReadBound(api, handle);

        public void OnPollEvents(SrtEpollFlags events)
        {
            var address = new byte[SrtSockAddr.MaxLength];
            while (!_stopping.IsCancellationRequested)
            {
                var length = address.Length;
                var accepted = api.Accept(handle, address, ref length);
                if (accepted < 0)
                {
                    var code = api.LastErrorCode();
                    if (code != SrtErrors.AsyncReceive)
                    {
                        SrtLog.AcceptFailed(server._logger, api.ErrorText(code));
                    }

                    return;
                }

                server.OnAccepted(this, accepted);
            }
        }

        public void Close()
        {
            _stopping.Cancel();
            poller.Remove(handle);
            api.Close(handle);
        }

        private static IPEndPoint? ReadBound(SrtApi api, int handle)
        {
            var buf = new byte[SrtSockAddr.MaxLength];
            var len = buf.Length;
            return api.GetSockName(handle, buf, ref len) < 0 ? null : SrtSockAddr.Decode(buf.AsSpan(0, len));
        }
    }
}
