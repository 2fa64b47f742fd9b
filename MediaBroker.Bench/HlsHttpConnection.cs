using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>One keep-alive HTTP/1.1 connection; requests are sent one at a time, as a player's loader does.</summary>
internal sealed class HlsHttpConnection : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationToken _outer;
    private int _start;
    private int _end;

    private readonly string _userAgent;

    private HlsHttpConnection(Socket socket, string userAgent, CancellationToken ct)
    {
        _socket = socket;
        _userAgent = userAgent;
        _outer = ct;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    /// <summary>The connection's socket (the stalled HLS reader checks the kernel's view of it).</summary>
    public Socket Socket => _socket;

    /// <summary>
    /// Connects; <paramref name="receiveBufferSize"/> (0: the kernel's default) and <paramref name="userAgent"/> (the broker
    /// tells HLS viewers apart by address and user agent) serve the stalled readers.
    /// </summary>
    public static async Task<HlsHttpConnection> OpenAsync(int port, CancellationToken ct, int receiveBufferSize = 0, string userAgent = "mediabroker-bench")
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (receiveBufferSize > 0)
            {
                s.ReceiveBufferSize = receiveBufferSize;
            }

            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct).AsTask().WaitAsync(RequestTimeout, ct);
            return new HlsHttpConnection(s, userAgent, ct);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    public async Task<string> GetTextAsync(string target, ReaderCounters counters)
    {
        var length = await RequestAsync(target, counters);
        var text = new StringBuilder((int)length);
        while (length > 0)
        {
            if (_start == _end)
            {
                await ReadMoreAsync();
            }

            var n = (int)Math.Min(length, _end - _start);
            text.Append(Encoding.UTF8.GetString(_buffer, _start, n));
            _start += n;
            length -= n;
        }

        return text.ToString();
    }

    /// <summary>Reads and discards the body; returns its length.</summary>
    public async Task<long> GetBodyLengthAsync(string target, ReaderCounters counters)
    {
        var length = await RequestAsync(target, counters);
        for (var left = length; left > 0;)
        {
            if (_start == _end)
            {
                await ReadMoreAsync();
            }

            var n = (int)Math.Min(left, _end - _start);
            _start += n;
            left -= n;
        }

        return length;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _timeout.Dispose();
    }

    /// <summary>
    /// Sends <paramref name="count"/> GETs of <paramref name="target"/> in one write (HTTP/1.1 pipelining) and reads the
    /// first response's head only; returns its Content-Length. The stalled HLS reader reads nothing after that.
    /// </summary>
    public async Task<long> PipelineAsync(string target, int count, ReaderCounters counters)
    {
        _timeout.CancelAfter(RequestTimeout);
        var one = Request(target);
        var requests = new byte[one.Length * count];
        for (var i = 0; i < count; i++)
        {
            one.CopyTo(requests, i * one.Length);
        }

        await _socket.SendAsync(requests, SocketFlags.None, _timeout.Token);
        for (var i = 0; i < count; i++)
        {
            counters.AddRequest();
        }

        return await ReadHeadAsync(target);
    }

    private byte[] Request(string target) => Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {_userAgent}\r\n\r\n");

    /// <summary>Sends the GET and reads the response head; returns Content-Length. Anything but 200 is an error.</summary>
    private async Task<long> RequestAsync(string target, ReaderCounters counters)
    {
        // One timer per connection, re-armed per request: no Task or timer allocated per receive.
        _timeout.CancelAfter(RequestTimeout);
        await _socket.SendAsync(Request(target), SocketFlags.None, _timeout.Token);
        counters.AddRequest();
        return await ReadHeadAsync(target);
    }

    private async Task<long> ReadHeadAsync(string target)
    {
        while (true)
        {
            var head = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (head >= 0)
            {
                var (status, length) = ParseHead(_buffer.AsSpan(_start, head));
                _start += head + 4;
                return status == 200 ? length : throw new InvalidOperationException($"GET {target}: HTTP {status}");
            }

            await ReadMoreAsync();
        }
    }

    private static (int Status, long Length) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        var status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        var at = head.IndexOf("\r\nContent-Length:"u8);
        if (at < 0)
        {
            throw new FormatException("response without Content-Length");
        }

        long length = 0;
        foreach (var b in head[(at + 17)..])
        {
            if (b == '\r')
            {
                break;
            }

            if (b is >= (byte)'0' and <= (byte)'9')
            {
                length = length * 10 + (b - '0');
            }
        }

        return (status, length);
    }

    /// <summary>Receives at least one more byte after the unread ones, compacting first so the buffer never overflows.</summary>
    private async ValueTask ReadMoreAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        int n;
        try
        {
            n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, _timeout.Token);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested && !_outer.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {RequestTimeout.TotalSeconds:0} s");
        }

        if (n == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += n;
    }
}
