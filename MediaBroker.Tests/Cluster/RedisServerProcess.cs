using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Tests.Cluster;

/// <summary>A throwaway redis-server on a free loopback port, without persistence; restartable on the same port.</summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private ExternalProcess? _process;

    private RedisServerProcess(int port) => Port = port;

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}/0";

    public static bool IsInstalled => File.Exists("/usr/bin/redis-server");

    public static async Task<RedisServerProcess> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var redis = new RedisServerProcess(port);
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        _process = ExternalProcess.Start("/usr/bin/redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await _process.WaitForLineAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        if (_process is { } p)
        {
            _process = null;
            await p.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
