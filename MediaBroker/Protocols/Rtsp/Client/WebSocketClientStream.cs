using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Protocols.Rtsp.Tunnel;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>
/// The client end of RTSP over WebSocket (<c>rtsp+ws://</c>, <c>rtsps+ws://</c>): every write leaves as one masked
/// binary message; reads return the payloads of the server's messages as one byte stream. Pings are answered; a close
/// frame reads as the end of the stream. Asynchronous only, as <see cref="RtspClient"/> uses it.
/// </summary>
internal sealed class WebSocketClientStream : Stream
{
    private readonly Stream _inner;
    private readonly PipeReader _input;
    private readonly WebSocketFrameReader _frames = new(expectMasked: false);

    /// <summary>Pongs are written from the read side while the RTSP client may be writing.</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private byte[] _data = [];
    private int _dataOffset;
    private int _dataCount;
    private bool _closed;

    private WebSocketClientStream(Stream inner, PipeReader input)
    {
        _inner = inner;
        _input = input;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The opening handshake (RFC 6455 §4.1), asking for the <c>rtsp.onvif.org</c> subprotocol.</summary>
    public static async Task<WebSocketClientStream> OpenAsync(Stream inner, string host, string target, CancellationToken ct)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await inner.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {target} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {WebSocketHandshake.Subprotocol}\r\n\r\n"), ct).ConfigureAwait(false);
        await inner.FlushAsync(ct).ConfigureAwait(false);
        var input = PipeReader.Create(inner, new StreamPipeReaderOptions(leaveOpen: true));
        var response = await HttpTunnelClientStream.ReadResponseAsync(input, ct).ConfigureAwait(false);
        if (response.StatusCode != 101)
        {
            throw new IOException($"the WebSocket upgrade was answered {response.StatusCode}");
        }

        if (response.Header("Sec-WebSocket-Accept") != WebSocketHandshake.AcceptKey(key))
        {
            throw new IOException("the WebSocket upgrade was answered with a wrong Sec-WebSocket-Accept");
        }

        return new WebSocketClientStream(inner, input);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_dataCount == 0)
        {
            if (_closed || !await ReadFrameAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _dataCount);
        _data.AsSpan(_dataOffset, n).CopyTo(buffer.Span);
        _dataOffset += n;
        _dataCount -= n;
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        await WriteFrameAsync(WebSocketOpcode.Binary, buffer, cancellationToken).ConfigureAwait(false);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("the tunnel is asynchronous only");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the tunnel is asynchronous only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the tunnel is asynchronous only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Complete();
            _inner.Dispose();
            _writeGate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads the next frame; data lands in <see cref="_data"/>. False at the end of the stream.</summary>
    private async Task<bool> ReadFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            var reader = new SequenceReader<byte>(result.Buffer);
            byte[]? ping = null;
            var got = false;
            try
            {
                if (_frames.TryRead(ref reader, out var frame))
                {
                    got = true;
                    switch (frame.Opcode)
                    {
                        case WebSocketOpcode.Close:
                            _closed = true;
                            break;
                        case WebSocketOpcode.Ping:
                            ping = frame.Payload.ToArray();
                            break;
                        case WebSocketOpcode.Pong:
                            break;
                        default:
                            Keep(frame.Payload);
                            break;
                    }
                }
            }
            catch (RtspTunnelException ex)
            {
                throw new IOException(ex.Message, ex);
            }
            finally
            {
                _input.AdvanceTo(reader.Position, got ? reader.Position : result.Buffer.End);
            }

            if (ping is not null)
            {
                await WriteFrameAsync(WebSocketOpcode.Pong, ping, ct).ConfigureAwait(false);
            }

            if (got)
            {
                return !_closed;
            }

            if (result.IsCompleted)
            {
                return false;
            }
        }
    }

    private void Keep(ReadOnlySequence<byte> payload)
    {
        if (_data.Length < payload.Length)
        {
            _data = new byte[Math.Max(payload.Length, 4096)];
        }

        payload.CopyTo(_data);
        _dataOffset = 0;
        _dataCount = (int)payload.Length;
    }

    private async Task WriteFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var frame = ArrayPool<byte>.Shared.Rent(WebSocketFrame.MaxHeaderBytes + payload.Length);
        try
        {
            Span<byte> mask = stackalloc byte[4];
            RandomNumberGenerator.Fill(mask);
            var header = WebSocketFrame.WriteHeader(frame, opcode, payload.Length, mask);
            var body = frame.AsSpan(header, payload.Length);
            payload.Span.CopyTo(body);
            WebSocketFrame.ApplyMask(body, mask, 0);
            await _writeGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await _inner.WriteAsync(frame.AsMemory(0, header + payload.Length), ct).ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
