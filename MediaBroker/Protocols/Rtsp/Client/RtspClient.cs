using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Net.Tcp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Tunnel;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>
/// The control connection of an RTSP client (rtsp://, rtsps://, or tunnelled over HTTP or WebSocket): requests with Basic/Digest answers to 401
/// challenges (RFC 2617), then a read loop for interleaved frames. Writes are serialized by a gate because
/// keep-alives and receiver reports may be sent while the read loop runs.
/// </summary>
public sealed class RtspClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string? _user;
    private readonly string? _pass;
    private (bool Digest, string Realm, string Nonce)? _challenge;
    private int _cseq;

    private RtspClient(TcpClient tcp, Stream stream, RtspTunnel tunnel, string? user, string? pass)
    {
        _tcp = tcp;
        _stream = stream;
        Tunnel = tunnel;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _user = user;
        _pass = pass;
    }

    /// <summary>The value of the <c>Session</c> header once a SETUP succeeded.</summary>
    public string? Session { get; set; }

    /// <summary>Tunnelled connections (rtsp+http, rtsp+ws, ...) carry media interleaved only.</summary>
    public RtspTunnel Tunnel { get; }

    /// <summary>The local end of the (first) TCP connection.</summary>
    public System.Net.IPEndPoint LocalEndPoint => (System.Net.IPEndPoint)_tcp.Client.LocalEndPoint!;

    public System.Net.IPEndPoint RemoteEndPoint => (System.Net.IPEndPoint)_tcp.Client.RemoteEndPoint!;

    /// <summary>
    /// Connects to <c>rtsp://</c>, <c>rtsps://</c>, or through a tunnel: <c>rtsp+http://</c>/<c>rtsps+http://</c> (Apple's
    /// GET/POST pair, over TLS for rtsps) and <c>rtsp+ws://</c>/<c>rtsps+ws://</c> (WebSocket, wss for rtsps).
    /// </summary>
    /// <param name="fingerprint">sourceFingerprint: SHA-256 of the server certificate (hex); when empty the certificate must be valid.</param>
    public static async Task<RtspClient> ConnectAsync(Uri url, string? fingerprint, CancellationToken ct)
    {
        var tunnel = TunnelOf(url.Scheme);
        var secure = url.Scheme.StartsWith("rtsps", StringComparison.OrdinalIgnoreCase);
        var port = url.Port > 0 ? url.Port : (tunnel, secure) switch
        {
            (RtspTunnel.None, false) => 554,
            (RtspTunnel.None, true) => 322,
            (_, false) => 80,
            (_, true) => 443,
        };
        var (tcp, stream) = await DialAsync(url.Host, port, secure, fingerprint, ct).ConfigureAwait(false);
        try
        {
            var host = url.IsDefaultPort ? url.Host : $"{url.Host}:{port}";
            var target = url.PathAndQuery.Length == 0 ? "/" : url.PathAndQuery;
            if (tunnel == RtspTunnel.Http)
            {
                stream = await HttpTunnelClientStream.OpenAsync(stream, async () =>
                {
                    var (postTcp, post) = await DialAsync(url.Host, port, secure, fingerprint, ct).ConfigureAwait(false);
                    return new OwningStream(post, postTcp);
                }, host, target, ct).ConfigureAwait(false);
            }
            else if (tunnel == RtspTunnel.WebSocket)
            {
                stream = await WebSocketClientStream.OpenAsync(stream, host, target, ct).ConfigureAwait(false);
            }

            string? user = null, pass = null;
            if (url.UserInfo.Length > 0)
            {
                var parts = url.UserInfo.Split(':', 2);
                user = Uri.UnescapeDataString(parts[0]);
                pass = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            }

            return new RtspClient(tcp, stream, tunnel, user, pass);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The tunnel a source URL's scheme names; throws for a scheme that is not RTSP.</summary>
    public static RtspTunnel TunnelOf(string scheme) => scheme.ToLowerInvariant() switch
    {
        "rtsp" or "rtsps" => RtspTunnel.None,
        "rtsp+http" or "rtsps+http" => RtspTunnel.Http,
        "rtsp+ws" or "rtsps+ws" => RtspTunnel.WebSocket,
        _ => throw new ArgumentException($"'{scheme}' is not an RTSP scheme", nameof(scheme)),
    };

    /// <summary>The URL the RTSP requests inside a tunnel name: the same one with the plain rtsp(s) scheme.</summary>
    public static string RequestUrl(string url)
    {
        var plus = url.IndexOf('+', StringComparison.Ordinal);
        var colon = url.IndexOf("://", StringComparison.Ordinal);
        return plus > 0 && plus < colon ? url[..plus] + url[colon..] : url;
    }

    private static async Task<(TcpClient Tcp, Stream Stream)> DialAsync(string host, int port, bool secure, string? fingerprint, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        InlineSocketCompletions.TryEnable(tcp.Client);
        try
        {
            await tcp.ConnectAsync(host, port, ct).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (secure)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = (_, cert, _, errors) => string.IsNullOrEmpty(fingerprint)
                        ? errors == SslPolicyErrors.None
                        : cert is not null && string.Equals(Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())), fingerprint.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase),
                }, ct).ConfigureAwait(false);
                stream = ssl;
            }

            return (tcp, stream);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request and waits for its response, answering one 401 challenge with the URL's credentials.</summary>
    public Task<RtspMessage> RequestAsync(string method, string uri, RtspHeaders? headers, CancellationToken ct) =>
        RequestAsync(method, uri, headers, ReadOnlyMemory<byte>.Empty, ct);

    /// <summary>As <see cref="RequestAsync(string, string, RtspHeaders?, CancellationToken)"/>, with a body (ANNOUNCE's SDP).</summary>
    public async Task<RtspMessage> RequestAsync(string method, string uri, RtspHeaders? headers, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await SendAsync(method, uri, headers, body, ct).ConfigureAwait(false);
            var response = await ReadResponseAsync(ct).ConfigureAwait(false);
            if (response.StatusCode != 401 || attempt > 0 || _user is null || !TryLearnChallenge(response))
            {
                return response;
            }
        }
    }

    /// <summary>Sends a request without waiting (keep-alives while the read loop runs).</summary>
    public Task SendAsync(string method, string uri, RtspHeaders? headers, CancellationToken ct) =>
        SendAsync(method, uri, headers, ReadOnlyMemory<byte>.Empty, ct);

    private async Task SendAsync(string method, string uri, RtspHeaders? headers, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = new RtspMessage { Method = method, Uri = uri, Headers = headers ?? new RtspHeaders(), Body = body };
        request.Headers.Set("CSeq", Interlocked.Increment(ref _cseq).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Set("User-Agent", "MediaBroker");
        if (Session is not null)
        {
            request.Headers.Set("Session", Session);
        }

        if (Authorization(method, uri) is { } auth)
        {
            request.Headers.Set("Authorization", auth);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        RtspMessageWriter.Write(buffer, request);
        await WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
    }

    public async Task WriteInterleavedAsync(byte channel, ReadOnlyMemory<byte> packet, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(packet.Length + 4);
        RtspMessageWriter.WriteInterleaved(buffer, channel, packet.Span);
        await WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes bytes already framed by <see cref="RtspMessageWriter.WriteInterleaved"/> (a batch of packets in one write).
    /// The caller may reuse <paramref name="frames"/> once the task completes.
    /// </summary>
    public Task WriteFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken ct) => WriteAsync(frames, ct);

    /// <summary>Reads until the stream ends: interleaved frames go to <paramref name="onFrame"/> (payload valid only during the call); responses are dropped.</summary>
    public Task ReadLoopAsync(Action<byte, ReadOnlySequence<byte>> onFrame, CancellationToken ct) => ReadLoopAsync(onFrame, null, ct);

    /// <summary>As <see cref="ReadLoopAsync(Action{byte, ReadOnlySequence{byte}}, CancellationToken)"/>; responses (to keep-alives) go to <paramref name="onResponse"/>.</summary>
    public async Task ReadLoopAsync(Action<byte, ReadOnlySequence<byte>> onFrame, Action<RtspMessage>? onResponse, CancellationToken ct)
    {
        while (true)
        {
            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            var position = Consume(result.Buffer, onFrame, onResponse, out _);
            _input.AdvanceTo(position, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("the server closed the connection");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
        _writeGate.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<RtspMessage> ReadResponseAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            var position = Consume(result.Buffer, static (_, _) => { }, null, out var message);
            _input.AdvanceTo(position, result.Buffer.End);
            if (message is not null)
            {
                return message;
            }

            if (result.IsCompleted)
            {
                throw new IOException("the server closed the connection");
            }
        }
    }

    /// <summary>
    /// Parses what is buffered. Without <paramref name="onResponse"/> it stops after the first response so that the
    /// caller gets it; with it, every response goes there and parsing goes on.
    /// </summary>
    private static SequencePosition Consume(ReadOnlySequence<byte> buffer, Action<byte, ReadOnlySequence<byte>> onFrame, Action<RtspMessage>? onResponse, out RtspMessage? response)
    {
        response = null;
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            var kind = RtspMessageReader.TryRead(ref reader, out var message, out var frame);
            if (kind == RtspReadKind.NeedMoreData)
            {
                return reader.Position;
            }

            if (kind == RtspReadKind.Interleaved)
            {
                onFrame(frame.Channel, frame.Payload);
            }
            else if (message is { IsRequest: false } && onResponse is not null)
            {
                onResponse(message);
            }
            else if (message is { IsRequest: false })
            {
                response = message;
                return reader.Position;
            }
        }
    }

    private bool TryLearnChallenge(RtspMessage response)
    {
        var headers = response.Headers.GetAll("WWW-Authenticate").ToList();
        foreach (var h in headers.Where(h => h.StartsWith("Digest", StringComparison.OrdinalIgnoreCase)).Concat(headers))
        {
            var space = h.IndexOf(' ', StringComparison.Ordinal);
            var p = RtspAuthorization.ParseParams(space < 0 ? "" : h[(space + 1)..]);
            if (h.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) && p.TryGetValue("nonce", out var nonce))
            {
                _challenge = (true, p.GetValueOrDefault("realm", ""), nonce);
                return true;
            }

            if (h.StartsWith("Basic", StringComparison.OrdinalIgnoreCase))
            {
                _challenge = (false, p.GetValueOrDefault("realm", ""), "");
                return true;
            }
        }

        return false;
    }

    private string? Authorization(string method, string uri)
    {
        if (_challenge is not { } c || _user is null)
        {
            return null;
        }

        if (!c.Digest)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_user + ":" + _pass));
        }

        var response = RtspAuthorization.DigestResponse(method, uri, _user, _pass ?? "", c.Realm, c.Nonce);
        return $"Digest username=\"{_user}\", realm=\"{c.Realm}\", nonce=\"{c.Nonce}\", uri=\"{uri}\", response=\"{response}\"";
    }
}
