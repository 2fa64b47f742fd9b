using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

/// <summary>Starts the servers and the configuration watcher; on shutdown stops accepting, then closes every path.</summary>
internal sealed class BrokerService(ConfState state, ServerSupervisor supervisor, ConfReloader reloader, PathManager paths,
    ILogger<BrokerService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await supervisor.StartAllAsync(state.Current, cancellationToken).ConfigureAwait(false);
        reloader.StartWatching(TimeSpan.FromMilliseconds(300));
        HostingLog.Started(logger, CommandLine.Version);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HostingLog.Stopping(logger);
        await supervisor.StopAllAsync(cancellationToken).ConfigureAwait(false);
        paths.Dispose();
    }
}
