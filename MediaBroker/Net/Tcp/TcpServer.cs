using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MediaBroker.Net;
using MediaBroker.Net.Dump;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Tcp;

/// <summary>
/// A TCP accept loop shared by RTSP and RTMP (plain and TLS). Each connection gets pipes over the
/// socket (or TLS stream) and its own task; a failing session never reaches another one.
/// </summary>
public sealed class TcpServer : IAsyncDisposable
{
    private readonly TcpServerOptions _options;
    private readonly ITcpConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly IpNetwork[] _trustedProxies;
    private readonly ConcurrentDictionary<Guid, TcpConnection> _connections = new();
    private readonly ConcurrentDictionary<Guid, Task> _tasks = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    public TcpServer(TcpServerOptions options, ITcpConnectionHandler handler, ILogger logger)
    {
        _options = options;
        _handler = handler;
        _logger = logger;
        _trustedProxies = [.. (options.TrustedProxies ?? []).Select(ParseNetwork)];
    }

    /// <summary>The address actually bound (port 0 resolved).</summary>
    public IPEndPoint BoundEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("not started"));

    public int ConnectionCount => _connections.Count;

    public Task StartAsync(CancellationToken ct)
    {
        _listener = SocketBinding.ListenTcp(_options.Endpoint, backlog: 512);
        TcpLog.Listening(_logger, _options.Name, BoundEndPoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach (var connection in _connections.Values)
        {
            connection.Abort("server is stopping");
        }

        await Task.WhenAll(_tasks.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private static IpNetwork ParseNetwork(string text) =>
        IpNetwork.TryParse(text, out var n) ? n : throw new ArgumentException($"invalid trusted proxy '{text}'");

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                TcpLog.AcceptFailed(_logger, _options.Name, ex.SocketErrorCode.ToString());
                continue;
            }

            client.NoDelay = true;
            var closed = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var id = Guid.NewGuid();
            var task = RunConnectionAsync(id, client, closed);
            _tasks[id] = task;
            _ = task.ContinueWith((_, state) => _tasks.TryRemove((Guid)state!, out Task? _), id,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Guid slot, Socket socket, CancellationTokenSource closed)
    {
        await Task.Yield();
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var network = new NetworkStream(socket, ownsSocket: true);
        PacketDumpFile? dump = _options.DumpPrefix is { } prefix
            ? PacketDumpFile.OpenTcp(Environment.CurrentDirectory, prefix, remote, local, _logger)
            : null;

        // dumpPackets: plain connections are dumped as read from the socket, TLS ones after decryption.
        Stream wire = dump is not null && _options.Certificate is null ? new DumpingStream(network, dump) : network;
        Stream? tls = null;
        PipeReader? input = null;
        PipeWriter? output = null;
        ZeroByteReadSwitch? readSwitch = null;
        var handshaking = true;
        var handshakeStarted = Stopwatch.GetTimestamp();
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(closed.Token))
            {
                handshake.CancelAfter(_options.HandshakeTimeout);
                // Zero-byte reads: a connection rents its 4 KiB read buffer only once bytes have arrived, so a reader,
                // which receives almost nothing, holds none while it waits (Kestrel's sockets wait the same way). A
                // publisher's protocol turns the waits off (TcpConnection.ReadsContinuously).
                var reads = new ZeroByteReadSwitch(wire);
                var raw = PipeReader.Create(reads, new StreamPipeReaderOptions(leaveOpen: true, useZeroByteReads: true));
                if (_trustedProxies.Length != 0 && IpNetwork.AnyContains(_trustedProxies, remote.Address))
                {
                    remote = await ReadProxyHeaderAsync(raw, remote, handshake.Token).ConfigureAwait(false);
                }

                if (_options.Certificate is { } cert)
                {
                    var ssl = new SslStream(new DuplexStream(raw.AsStream(leaveOpen: true), network), leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = cert }, handshake.Token).ConfigureAwait(false);
                    tls = ssl;
                    Stream app = dump is null ? ssl : new DumpingStream(ssl, dump);
                    input = PipeReader.Create(app);
                    output = PipeWriter.Create(app);
                }
                else
                {
                    input = raw;
                    readSwitch = reads;
                    output = dump is null ? new SocketPipeWriter(socket, _options.WriteTimeout) : PipeWriter.Create(wire);
                }
            }

            handshaking = false;

            // From here the connection's completions run on the socket event thread; the PROXY header and the TLS
            // handshake (public-key work, and whatever an untrusted client sends first) stayed on the thread pool.
            InlineSocketCompletions.TryEnable(socket);
            var connection = new TcpConnection(remote, local, tls is not null, input, output, closed, _options.WriteTimeout, readSwitch);
            _connections[slot] = connection;
            await using (closed.Token.Register(static s => ((Socket)s!).Shutdown(SocketShutdown.Both), socket).ConfigureAwait(false))
            {
                await _handler.HandleAsync(connection, closed.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (handshaking && !closed.IsCancellationRequested && Stopwatch.GetElapsedTime(handshakeStarted) >= _options.HandshakeTimeout
            && ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
        {
            // A client that never sends its ClientHello (or PROXY header), or trickles it: slowloris before the session.
            TcpLog.HandshakeTimedOut(_logger, _options.Name, remote, _options.HandshakeTimeout);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            TcpLog.ConnectionEnded(_logger, _options.Name, remote, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Security.Authentication.AuthenticationException)
        {
            TcpLog.HandshakeFailed(_logger, _options.Name, remote, ex.Message);
        }
        catch (Exception ex)
        {
            TcpLog.SessionCrashed(_logger, _options.Name, remote, ex);
        }
        finally
        {
            _connections.TryRemove(slot, out _);
            await closed.CancelAsync().ConfigureAwait(false);
            if (input is not null)
            {
                await input.CompleteAsync().ConfigureAwait(false);
            }

            if (output is not null)
            {
                try
                {
                    await output.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
                {
                    // The peer is gone; nothing left to flush.
                }
            }

            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            await network.DisposeAsync().ConfigureAwait(false);
            if (dump is not null)
            {
                await dump.DisposeAsync().ConfigureAwait(false);
            }

            closed.Dispose();
        }
    }

    private static async Task<IPEndPoint> ReadProxyHeaderAsync(PipeReader reader, IPEndPoint remote, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (ProxyProtocolHeader.TryParse(buffer, out var source, out var consumed))
            {
                reader.AdvanceTo(consumed);
                return source ?? remote;
            }

            if (result.IsCompleted)
            {
                throw new InvalidDataException("connection closed inside the PROXY protocol header");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
