using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace MediaBroker.Tests.Security;

/// <summary>The TLS side of the slowloris attacks: a real ClientHello to trickle, and clients that dribble after their handshake.</summary>
internal static class TlsAttack
{
    /// <summary>The first flight of a .NET TLS client (one ClientHello record), captured without a server.</summary>
    public static async Task<byte[]> ClientHelloAsync()
    {
        var capture = new ClientHelloCapture();
        using var cts = new CancellationTokenSource(AttackHttp.Timeout);
        await using var ssl = new SslStream(capture, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
        var hello = await capture.Written.Task.WaitAsync(AttackHttp.Timeout);
        await cts.CancelAsync();
        try
        {
            await handshake;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The handshake was never meant to finish.
        }

        return hello;
    }

    /// <summary>
    /// Opens <paramref name="count"/> TLS connections that complete their handshake, send <paramref name="prefix"/> and
    /// then <paramref name="trickle"/> every <paramref name="interval"/>; returns how long until the server had closed all
    /// of them, from the end of the last handshake (fails past <paramref name="timeout"/>).
    /// </summary>
    public static async Task<TimeSpan> SlowAfterHandshakeAsync(IPEndPoint server, byte[] prefix, byte trickle, int count, TimeSpan interval, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var clients = new List<(TcpClient Tcp, SslStream Ssl)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var tcp = new TcpClient(AddressFamily.InterNetwork);
                await tcp.ConnectAsync(server, cts.Token);
                var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
                clients.Add((tcp, ssl));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
            }

            var started = Stopwatch.GetTimestamp();
            foreach (var (_, ssl) in clients)
            {
                await ssl.WriteAsync(prefix, cts.Token);
            }

            await Task.WhenAll(clients.Select(c => TrickleUntilClosedAsync(c.Ssl, trickle, interval, cts.Token)));
            return Stopwatch.GetElapsedTime(started);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{server}: slow TLS connections still open after {timeout}");
        }
        finally
        {
            foreach (var (tcp, ssl) in clients)
            {
                await ssl.DisposeAsync();
                tcp.Dispose();
            }
        }
    }

    private static async Task TrickleUntilClosedAsync(SslStream ssl, byte trickle, TimeSpan interval, CancellationToken ct)
    {
        var reading = DrainAsync(ssl, ct);
        var one = new[] { trickle };
        while (!reading.IsCompleted)
        {
            try
            {
                await ssl.WriteAsync(one, ct);
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(interval, ct));
            ct.ThrowIfCancellationRequested();
        }

        await reading;
    }

    private static async Task DrainAsync(SslStream ssl, CancellationToken ct)
    {
        var sink = new byte[4096];
        try
        {
            while (await ssl.ReadAsync(sink, ct) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the server: closed as well.
        }
    }

    /// <summary>A transport that keeps the client's first write and never answers.</summary>
    private sealed class ClientHelloCapture : Stream
    {
        public TaskCompletionSource<byte[]> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => Written.TrySetResult(buffer.AsSpan(offset, count).ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.TrySetResult(buffer.ToArray());
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
