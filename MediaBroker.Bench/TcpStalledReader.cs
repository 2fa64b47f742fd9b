using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// A TCP reader that stops reading once media flows (RTMP, RTSP/TCP, HTTP-FLV, an HLS response body): its receive buffer
/// is small, so the broker's sends fill the window within a second. Proof: the kernel's socket table
/// (<see cref="TcpTable.ClosedWindow"/>).
/// </summary>
internal sealed class TcpStalledReader(Func<CancellationToken, Task<TcpClient>> open) : IStalledReader
{
    private TcpClient? _client;
    private IPEndPoint? _local;
    private IPEndPoint? _remote;

    public async Task StartAsync(CancellationToken ct)
    {
        _client = await open(ct);
        _local = (IPEndPoint)_client.Client.LocalEndPoint!;
        _remote = (IPEndPoint)_client.Client.RemoteEndPoint!;
    }

    public string? Proof() => _local is null || _remote is null ? null : TcpTable.ClosedWindow(TcpTable.Read(), _local, _remote);

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }
}
