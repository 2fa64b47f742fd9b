using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Tests.Net.Tcp;

/// <summary>Two connected TCP sockets on loopback, for tests that drive both ends of a connection.</summary>
internal static class LoopbackSocketPair
{
    public static async Task<(Socket Client, Socket Server)> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accept.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
