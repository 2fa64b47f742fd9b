using MediaBroker.Core;
using MediaBroker.Servers.Rtmp;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Hosting;

/// <summary>The protocol servers and pull sources the broker runs; each protocol registers itself here in one line.</summary>
internal static class BrokerServers
{
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<RtmpBrokerServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<RtmpBrokerServer>());
        services.AddSingleton<IStaticSourceFactory>(sp => new RtmpSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
    }
}
