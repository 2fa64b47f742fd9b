using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Protocols.Rtsp.Tunnel;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>
/// The client end of Apple's RTSP-over-HTTP tunnel (<c>rtsp+http://</c>, <c>rtsps+http://</c>): reads raw RTSP from the
/// body of a GET and writes each chunk base64-encoded into the body of a POST, both sharing one x-sessioncookie.
/// Asynchronous only, as <see cref="RtspClient"/> uses it.
/// </summary>
internal sealed class HttpTunnelClientStream : Stream
{
    private const string ContentType = "application/x-rtsp-tunnelled";

    private readonly Stream _get;
    private readonly PipeReader _getBody;
    private readonly Stream _post;

    private HttpTunnelClientStream(Stream get, PipeReader getBody, Stream post)
    {
        _get = get;
        _getBody = getBody;
        _post = post;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Opens the GET, waits for its 200, then opens the POST (the order clients and servers expect).</summary>
    /// <param name="openPost">Connects the second TCP (or TLS) connection to the same server.</param>
    public static async Task<HttpTunnelClientStream> OpenAsync(Stream get, Func<Task<Stream>> openPost, string host, string target, CancellationToken ct)
    {
        var cookie = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await get.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {target} HTTP/1.1\r\nHost: {host}\r\nx-sessioncookie: {cookie}\r\nAccept: {ContentType}\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n\r\n"), ct).ConfigureAwait(false);
        await get.FlushAsync(ct).ConfigureAwait(false);
        var body = PipeReader.Create(get, new StreamPipeReaderOptions(leaveOpen: true));
        var response = await ReadResponseAsync(body, ct).ConfigureAwait(false);
        if (response.StatusCode != 200)
        {
            throw new IOException($"the tunnel's GET was answered {response.StatusCode}");
        }

        var post = await openPost().ConfigureAwait(false);
        try
        {
            // The announced length only satisfies HTTP intermediaries; the body lasts as long as the RTSP connection.
            await post.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {target} HTTP/1.1\r\nHost: {host}\r\nx-sessioncookie: {cookie}\r\nContent-Type: {ContentType}\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n"
                + "Content-Length: 32767\r\nExpires: Sun, 9 Jan 1972 00:00:00 GMT\r\n\r\n"), ct).ConfigureAwait(false);
            await post.FlushAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await post.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new HttpTunnelClientStream(get, body, post);
    }

    internal static async Task<HttpTunnelResponse> ReadResponseAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var consumed = result.Buffer.Start;
            var examined = result.Buffer.End;
            try
            {
                if (HttpTunnelResponse.TryRead(result.Buffer, out var response, out consumed))
                {
                    examined = consumed;
                    return response!;
                }

                if (result.IsCompleted)
                {
                    throw new IOException("the server closed the tunnel before answering");
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, examined);
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _getBody.ReadAsync(cancellationToken).ConfigureAwait(false);
        var n = (int)Math.Min(buffer.Length, result.Buffer.Length);
        result.Buffer.Slice(0, n).CopyTo(buffer.Span);
        _getBody.AdvanceTo(result.Buffer.GetPosition(n));
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(buffer.Length));
        try
        {
            Base64.EncodeToUtf8(buffer.Span, encoded, out _, out var written);
            await _post.WriteAsync(encoded.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _post.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("the tunnel is asynchronous only");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the tunnel is asynchronous only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the tunnel is asynchronous only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _getBody.CompleteAsync().ConfigureAwait(false);
        await _post.DisposeAsync().ConfigureAwait(false);
        await _get.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _getBody.Complete();
            _post.Dispose();
            _get.Dispose();
        }

        base.Dispose(disposing);
    }
}
