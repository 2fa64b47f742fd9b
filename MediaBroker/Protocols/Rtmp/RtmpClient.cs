using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using MediaBroker.Auth;
using MediaBroker.Formats.Amf;
using MediaBroker.Net.Tcp;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// A minimal RTMP client (for pull sources and tests): TCP or TLS, simple handshake, connect, createStream,
/// then play or publish. Control messages (chunk size, acknowledgements, pings) are handled while reading.
/// Not thread-safe: one task drives it.
/// </summary>
public sealed partial class RtmpClient : IAsyncDisposable
{
    private const int CommandCsid = 3;
    private const int ClientChunkSize = 65536;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RtmpChunkReader _chunkReader = new();
    private readonly RtmpChunkWriter _chunkWriter = new();
    private readonly Queue<RtmpMessage> _received = new();
    private readonly Action<RtmpMessage> _onMessage;
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private double _nextTransactionId = 1;
    private long _inboundBytes;
    private long _lastAcknowledged;
    private uint _windowAckSize;

    private RtmpClient(Socket socket, Stream stream, RtmpClientUrl url)
    {
        _socket = socket;
        _stream = stream;
        Url = url;
        _onMessage = _received.Enqueue;
        _input = PipeReader.Create(stream);
        _output = PipeWriter.Create(stream);
    }

    public RtmpClientUrl Url { get; }

    /// <summary>The message stream id returned by createStream.</summary>
    public uint StreamId { get; private set; }

    public long InboundBytes => _inboundBytes;

    /// <summary>Connects, handshakes, sends connect and createStream.</summary>
    public static Task<RtmpClient> ConnectAsync(string url, CancellationToken ct) => ConnectAsync(url, "", forPublish: false, ct);

    /// <summary>
    /// Connects, handshakes, sends connect (and, for a publisher, releaseStream and FCPublish as OBS and ffmpeg do,
    /// which some ingests expect) and createStream.
    /// </summary>
    /// <param name="fingerprint">SHA-256 of the rtmps server's certificate (hex, colons allowed); when set it replaces
    /// chain and name validation, which makes self-signed servers usable; when empty the certificate must be valid.</param>
    public static async Task<RtmpClient> ConnectAsync(string url, string fingerprint, bool forPublish, CancellationToken ct)
    {
        var parsed = RtmpClientUrl.Parse(url);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        InlineSocketCompletions.TryEnable(socket);
        RtmpClient? client = null;
        try
        {
            await socket.ConnectAsync(parsed.Host, parsed.Port, ct).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (parsed.IsTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                var options = new SslClientAuthenticationOptions { TargetHost = parsed.Host };
                if (!string.IsNullOrEmpty(fingerprint))
                {
                    options.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && CertificateFingerprint.Matches(cert, fingerprint);
                }

                await ssl.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false);
                stream = ssl;
            }

            client = new RtmpClient(socket, stream, parsed);
            await client.HandshakeAsync(ct).ConfigureAwait(false);
            await client.ConnectCommandAsync(forPublish, ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends play and waits for NetStream.Play.Start; throws with the server's description on refusal.</summary>
    public async Task PlayAsync(CancellationToken ct)
    {
        WriteCommand(StreamId, "play", 0.0, null, Url.StreamName);
        await _output.FlushAsync(ct).ConfigureAwait(false);
        await WaitForStatusAsync("NetStream.Play.Start", ct).ConfigureAwait(false);
    }

    /// <summary>Sends publish and waits for NetStream.Publish.Start.</summary>
    public async Task PublishAsync(CancellationToken ct)
    {
        WriteCommand(StreamId, "publish", 0.0, null, Url.StreamName, "live");
        await _output.FlushAsync(ct).ConfigureAwait(false);
        await WaitForStatusAsync("NetStream.Publish.Start", ct).ConfigureAwait(false);
    }

    /// <summary>Calls a command and returns the values of its <c>_result</c> (or throws on <c>_error</c>).</summary>
    public async Task<IReadOnlyList<object?>> CallAsync(string name, AmfObject? commandObject, CancellationToken ct, params object?[] arguments)
    {
        var id = _nextTransactionId++;
        WriteCommand(0, [name, id, commandObject, .. arguments]);
        await _output.FlushAsync(ct).ConfigureAwait(false);
        while (true)
        {
            var message = await ReadRawAsync(ct).ConfigureAwait(false);
            if (message.Type is not (RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3))
            {
                continue;
            }

            var reply = RtmpCommand.Parse(message);
            if (reply.TransactionId != id)
            {
                continue;
            }

            if (reply.Name == "_error")
            {
                throw new RtmpProtocolException($"{name} failed: {(reply.Arguments.Count > 0 && reply.Arguments[0] is AmfObject o ? o.GetString("description") : "error")}");
            }

            return reply.Arguments;
        }
    }

    /// <summary>The next audio, video or data message; null when the server closed the connection.</summary>
    public async ValueTask<RtmpMessage?> ReadMediaAsync(CancellationToken ct)
    {
        while (true)
        {
            RtmpMessage message;
            try
            {
                message = await ReadRawAsync(ct).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                return null;
            }

            switch (message.Type)
            {
                case RtmpMessageType.Audio or RtmpMessageType.Video or RtmpMessageType.DataAmf0 or RtmpMessageType.Aggregate:
                    return message;
                case RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3:
                    var command = RtmpCommand.Parse(message);
                    if (command.Name == "onStatus" && command.Arguments.Count > 0 && command.Arguments[0] is AmfObject s
                        && s.GetString("level") == "error")
                    {
                        throw new RtmpProtocolException($"server error {s.GetString("code")}: {s.GetString("description")}");
                    }

                    break;
            }
        }
    }

    /// <summary>Writes one media or data message on the publish stream.</summary>
    public ValueTask<FlushResult> WriteMediaAsync(RtmpMessageType type, uint timestamp, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var csid = type switch { RtmpMessageType.Audio => 4, RtmpMessageType.Video => 6, _ => 5 };
        _chunkWriter.WriteMessage(_output, csid, timestamp, type, StreamId, payload.Span);
        return _output.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The server is gone.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
