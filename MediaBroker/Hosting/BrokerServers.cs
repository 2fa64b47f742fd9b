using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Hosting;

/// <summary>The protocol servers and pull sources the broker runs; each protocol registers itself here in one line.</summary>
internal static class BrokerServers
{
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }
}
