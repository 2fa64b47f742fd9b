using MediaBroker.Conf;
using MediaBroker.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

/// <summary>Starts the servers, restarts only those whose keys changed on reload, and stops them all at shutdown.</summary>
public sealed class ServerSupervisor
{
    private readonly IReadOnlyList<IBrokerServer> _servers;
    private readonly ILogger<ServerSupervisor> _logger;

    public ServerSupervisor(IEnumerable<IBrokerServer> servers, ILogger<ServerSupervisor> logger)
    {
        _servers = [.. servers];
        _logger = logger;
    }

    public IReadOnlyList<IBrokerServer> Servers => _servers;

    public async Task StartAllAsync(BrokerConf conf, CancellationToken ct)
    {
        foreach (var server in _servers)
        {
            await server.StartAsync(conf, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Restarts the servers affected by the changed keys; returns their names.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(BrokerConf next, IReadOnlySet<string> changedKeys, CancellationToken ct)
    {
        var restarted = new List<string>();
        foreach (var server in _servers)
        {
            if (!server.ConfKeys.Overlaps(changedKeys))
            {
                continue;
            }

            HostingLog.ServerRestarting(_logger, server.Name);
            await server.StopAsync(ct).ConfigureAwait(false);
            try
            {
                await server.StartAsync(next, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException or ArgumentException)
            {
                HostingLog.ServerStartFailed(_logger, server.Name, ex.Message);
            }

            restarted.Add(server.Name);
        }

        return restarted;
    }

    public async Task StopAllAsync(CancellationToken ct)
    {
        foreach (var server in _servers.Reverse())
        {
            try
            {
                await server.StopAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                HostingLog.ServerStopFailed(_logger, server.Name, ex.Message);
            }
        }
    }
}
