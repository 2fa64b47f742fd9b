using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>A throwaway redis-server on a free loopback port, without persistence, for the cluster scenario.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Url = string.Create(CultureInfo.InvariantCulture, $"redis://127.0.0.1:{port}/0");
    }

    public string Url { get; }

    public static async Task<RedisServer> StartAsync(string executable)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = ChildProcess.Start(executable,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var redis = new RedisServer(process, port);
        try
        {
            await process.WaitForLineAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }

        return redis;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
