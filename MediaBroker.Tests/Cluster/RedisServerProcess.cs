using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace MediaBroker.Tests.Cluster;

/// <summary>A throwaway redis-server on a free port, without persistence; restartable on the same port.</summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private ExternalProcess? _process;

    private RedisServerProcess(string address, int port)
    {
        Address = address;
        Port = port;
    }

    public string Address { get; }

    public int Port { get; }

    public string Url => $"redis://{Address}:{Port}/0";

    public static bool IsInstalled => File.Exists("/usr/bin/redis-server");

    /// <summary>Starts on <paramref name="address"/> (default loopback; a bridge address to serve network namespaces).</summary>
    public static async Task<RedisServerProcess> StartAsync(string address = "127.0.0.1")
    {
        using var probe = new TcpListener(IPAddress.Parse(address), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var redis = new RedisServerProcess(address, port);
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        _process = ExternalProcess.Start("/usr/bin/redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", Address, "--protected-mode", "no", "--save", "", "--appendonly", "no"]);
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

    /// <summary>The node that holds <paramref name="path"/> in the directory, read straight from Redis.</summary>
    public async Task<string?> PathOwnerAsync(string path)
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync($"{Address}:{Port},abortConnect=false");
        return await mux.GetDatabase().StringGetAsync("mediabroker:path:" + path);
    }

    public async Task WaitForPathOwnerAsync(string path, string? node)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? last = null;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                last = await PathOwnerAsync(path);
                if (last == node)
                {
                    return;
                }
            }
            catch (RedisException)
            {
                // Not up yet.
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"the owner of {path} never became {node ?? "nobody"}; last: {last ?? "nobody"}");
    }
}
