using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// The media half of a WebRTC client against an ICE-lite server (ours or MediaMTX's): one socket towards the
/// answer's host candidate (UDP, or ICE-TCP with RFC 4571 framing), ICE checks as the controlling agent with
/// USE-CANDIDATE (repeated as consent freshness, RFC 7675), the DTLS client handshake, then SRTP in both directions.
/// Everything received is handled on one receive loop, which gives decrypted RTP and RTCP to an
/// <see cref="IWhepPacketHandler"/>. Used by <see cref="WhepSource"/>, the benchmark's reader and the tests' peer.
/// </summary>
internal sealed partial class WhepClientTransport : IAsyncDisposable
{
    private const uint CheckPriority = 0x6E7F1EFF;
    private static readonly TimeSpan s_checkInterval = TimeSpan.FromMilliseconds(100);

    private readonly WhepAnswer _answer;
    private readonly IWhepPacketHandler _handler;
    private readonly WhepClientOptions _options;
    private readonly Socket _socket;
    private readonly SocketAddress _server;
    private readonly string _checkUsername;
    private readonly byte[] _remoteKey;
    private readonly ulong _tieBreaker = (ulong)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly DtlsSrtpTransport _dtls;
    private readonly TaskCompletionSource _iceDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _tcpSendGate = new();
    private readonly byte[]? _tcpFrame;
    private CancellationTokenSource? _stop;
    private Task? _receive;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private volatile bool _paused;

    public WhepClientTransport(WhepAnswer answer, IceCredentials localIce, DtlsCertificate certificate, IWhepPacketHandler handler, WhepClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(localIce);
        _answer = answer;
        _handler = handler;
        _options = options ?? new WhepClientOptions();
        _server = answer.Candidate.Serialize();
        _checkUsername = answer.IceUfrag + ":" + localIce.Ufrag;
        _remoteKey = StunCredentials.ShortTermKey(answer.IcePassword);
        if (answer.Tcp)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _tcpFrame = new byte[IceTcpFraming.PrefixLength + IceTcpFraming.MaxFrameLength];
        }
        else
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            if (_options.ReceiveBufferSize > 0)
            {
                _socket.ReceiveBufferSize = _options.ReceiveBufferSize;
            }

            _socket.Bind(new IPEndPoint(IPAddress.IsLoopback(answer.Candidate.Address) ? IPAddress.Loopback : IPAddress.Any, 0));
        }

        _dtls = new DtlsSrtpTransport(DtlsRole.Client, certificate, answer.Fingerprint, d => Send(d.Span));
    }

    /// <summary>The socket, for reading its kernel receive timestamps (the benchmark); not for I/O.</summary>
    public Socket Socket => _socket;

    /// <summary>Connects (ICE-TCP), runs ICE checks until one succeeds, then the DTLS handshake; done when SRTP keys exist.</summary>
    /// <param name="timeout">For the ICE checks and, again, for the DTLS handshake.</param>
    /// <param name="ct">Also ends the receive loop.</param>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_answer.Tcp)
        {
            await _socket.ConnectAsync(_answer.Candidate, ct).AsTask().WaitAsync(timeout, ct).ConfigureAwait(false);
        }

        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stop = _stop.Token;
        var receive = _receive = Task.Run(() => ReceiveLoopAsync(stop), CancellationToken.None);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!_iceDone.Task.IsCompleted)
        {
            if (receive.IsCompleted)
            {
                await receive.ConfigureAwait(false);
                throw new IOException($"the {_options.ServerName} closed the connection during ICE");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"no ICE response from the {_options.ServerName}");
            }

            SendBindingRequest();
            await Task.WhenAny(_iceDone.Task, receive, Task.Delay(s_checkInterval, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }

        var keys = await _dtls.HandshakeAsync(ct).WaitAsync(timeout, ct).ConfigureAwait(false);
        Volatile.Write(ref _outbound, keys.CreateOutbound(localIsDtlsServer: false));
        Volatile.Write(ref _inbound, keys.CreateInbound(localIsDtlsServer: false));
    }

    /// <summary>
    /// After <see cref="ConnectAsync"/>: sends a consent check every <paramref name="consentInterval"/> (servers close
    /// sessions that stop checking) until the receive loop ends, and rethrows how it ended.
    /// </summary>
    public async Task RunAsync(TimeSpan consentInterval, CancellationToken ct)
    {
        var receive = _receive ?? throw new InvalidOperationException("ConnectAsync first");
        while (!receive.IsCompleted)
        {
            await Task.WhenAny(receive, Task.Delay(consentInterval, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (!receive.IsCompleted)
            {
                SendBindingRequest();
            }
        }

        await receive.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Stops reading the socket: what the tests use to play a viewer that hangs.</summary>
    public void Pause() => _paused = true;

    /// <summary>
    /// Protects RTP in place (the buffer needs SRTP overhead room after <paramref name="length"/>) and sends it;
    /// dropped before the keys exist. Returns the bytes sent (0 when dropped). One sending thread at a time.
    /// </summary>
    public int SendRtp(Span<byte> buffer, int length)
    {
        if (Volatile.Read(ref _outbound) is not { } srtp)
        {
            return 0;
        }

        var n = srtp.ProtectRtp(buffer, length);
        Send(buffer[..n]);
        return n;
    }

    /// <summary>As <see cref="SendRtp"/>, for one (compound) RTCP packet.</summary>
    public int SendRtcp(Span<byte> buffer, int length)
    {
        if (Volatile.Read(ref _outbound) is not { } srtcp)
        {
            return 0;
        }

        var n = srtcp.ProtectRtcp(buffer, length);
        Send(buffer[..n]);
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        _socket.Dispose();
        if (_receive is not null)
        {
            await _receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _dtls.Dispose();
        _inbound?.Dispose();
        _outbound?.Dispose();
        _stop?.Dispose();
    }

    private void SendBindingRequest()
    {
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        Span<byte> request = stackalloc byte[StunMessageBuilder.MaxLength];
        var n = StunMessageBuilder.WriteBindingRequest(request, transactionId, _checkUsername, _remoteKey, CheckPriority, controlling: true, _tieBreaker, useCandidate: true);
        Send(request[..n]);
    }

    /// <summary>One datagram, or one RFC 4571 frame written with a single send so that frames stay whole.</summary>
    private void Send(ReadOnlySpan<byte> packet)
    {
        if (_tcpFrame is null)
        {
            _socket.SendTo(packet, SocketFlags.None, _server);
            return;
        }

        lock (_tcpSendGate)
        {
            var length = IceTcpFraming.WriteFrame(_tcpFrame, packet);
            _socket.Send(_tcpFrame.AsSpan(0, length), SocketFlags.None);
        }
    }
}
