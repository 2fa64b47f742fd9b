using Microsoft.Extensions.Hosting;

namespace MediaBroker.Net.Http;

/// <summary>
/// Replaces the console lifetime of each embedded web host: the broker owns Ctrl+C and SIGTERM and stops its HTTP
/// servers itself, so several hosts in one process never race to handle the signal.
/// </summary>
internal sealed class HttpHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
