using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// SYSTEM_START once the servers run (a negative blocking answer shuts the broker down) and SYSTEM_STOP when it stops
/// (a negative answer is logged: a .NET host cannot abort its shutdown); after SYSTEM_STOP no trigger fires, as in
/// MistServer after a clean shutdown. Registered after the broker's service so that it starts last and stops first.
/// </summary>
public sealed class TriggerLifetime(TriggerDispatcher triggers, IHostApplicationLifetime lifetime, ILogger<TriggerLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (triggers.IsConfigured("SYSTEM_START", null)
            && !await triggers.DecideAsync("SYSTEM_START", null, "", cancellationToken).ConfigureAwait(false))
        {
            TriggersLog.StartRefused(logger);
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (triggers.IsConfigured("SYSTEM_STOP", null)
            && !await triggers.DecideAsync("SYSTEM_STOP", null, "shutdown requested", cancellationToken).ConfigureAwait(false))
        {
            TriggersLog.StopRefused(logger);
        }

        triggers.Stop();
        // Non-blocking SYSTEM_STOP handlers get a moment to run before the process goes.
        await triggers.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }
}
