using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Tests.Security;

/// <summary>A raw TCP client for the attacks: sends bytes, reads until the server closes.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static async Task<RawConnection> ConnectAsync(IPEndPoint server)
    {
        var c = new RawConnection();
        await c._socket.ConnectAsync(server);
        return c;
    }

    /// <summary>Sends <paramref name="bytes"/>; false when the server had already closed the connection.</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads everything until the server closes (true), or false if it is still open after <paramref name="timeout"/>.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var sink = new byte[8192];
        try
        {
            while (await _socket.ReceiveAsync(sink, SocketFlags.None, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
