using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using MediaBroker.Protocols.Rtsp.Messages;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>A bare RTSP client over a socket, for requests real clients never send and for misbehaving peers.</summary>
internal sealed class RtspTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _filled;
    private int _cseq;

    private RtspTestClient(TcpClient tcp, Stream? stream = null)
    {
        _tcp = tcp;
        _stream = stream ?? tcp.GetStream();
    }

    public Socket Socket => _tcp.Client;

    public List<InterleavedFrameCopy> Frames { get; } = [];

    /// <summary>The session a test keeps for its later requests.</summary>
    public string? SessionId { get; set; }

    public static async Task<RtspTestClient> ConnectAsync(int port, int receiveBuffer = 0)
    {
        var tcp = new TcpClient();
        if (receiveBuffer > 0)
        {
            tcp.ReceiveBufferSize = receiveBuffer;
        }

        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(5));
        return new RtspTestClient(tcp);
    }

    /// <summary>An RTSPS client: TLS without certificate validation (the test servers' certificates are self-signed).</summary>
    public static async Task<RtspTestClient> ConnectTlsAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(5));
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(TimeSpan.FromSeconds(10));
        return new RtspTestClient(tcp, tls);
    }

    public async Task SendRawAsync(string text) => await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendInterleavedAsync(byte channel, byte[] packet)
    {
        var frame = new byte[4 + packet.Length];
        frame[0] = (byte)'$';
        frame[1] = channel;
        frame[2] = (byte)(packet.Length >> 8);
        frame[3] = (byte)packet.Length;
        packet.CopyTo(frame, 4);
        await _stream.WriteAsync(frame);
    }

    public async Task<RtspMessage> RequestAsync(string method, string uri, string? body = null, params (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(uri).Append(" RTSP/1.0\r\n");
        sb.Append("CSeq: ").Append(++_cseq).Append("\r\n");
        foreach (var (n, v) in headers)
        {
            sb.Append(n).Append(": ").Append(v).Append("\r\n");
        }

        if (body is not null)
        {
            sb.Append("Content-Type: application/sdp\r\nContent-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
        }

        sb.Append("\r\n").Append(body);
        await SendRawAsync(sb.ToString());
        return await ReadResponseAsync();
    }

    /// <summary>Reads the next response, collecting interleaved frames that come before it.</summary>
    public async Task<RtspMessage> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var parsed = TryParse(out _);
            if (parsed is { Message: { } m })
            {
                return m;
            }

            if (parsed is not null)
            {
                continue;
            }

            var n = await _stream.ReadAsync(_buffer.AsMemory(_filled), cts.Token);
            if (n == 0)
            {
                throw new IOException("the server closed the connection");
            }

            _filled += n;
        }
    }

    /// <summary>Reads until <paramref name="count"/> interleaved frames were received.</summary>
    public async Task ReadFramesAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Frames.Count < count)
        {
            if (TryParse(out _) is null)
            {
                var n = await _stream.ReadAsync(_buffer.AsMemory(_filled), cts.Token);
                if (n == 0)
                {
                    throw new IOException("the server closed the connection");
                }

                _filled += n;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private (RtspMessage? Message, bool Frame)? TryParse(out RtspMessage? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_buffer, 0, _filled));
        var kind = RtspMessageReader.TryRead(ref reader, out message, out var frame);
        if (kind == RtspReadKind.NeedMoreData)
        {
            return null;
        }

        if (kind == RtspReadKind.Interleaved)
        {
            Frames.Add(new InterleavedFrameCopy(frame.Channel, frame.Payload.ToArray()));
        }

        var consumed = (int)reader.Consumed;
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled - consumed);
        _filled -= consumed;
        return (message, kind == RtspReadKind.Interleaved);
    }
}

internal sealed record InterleavedFrameCopy(byte Channel, byte[] Payload);
