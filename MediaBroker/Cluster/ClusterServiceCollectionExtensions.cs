using MediaBroker.Core;
using MediaBroker.Metrics;
using MediaBroker.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ClusterNode"/> as a server (after the protocols, so that it starts once RTSP listens),
    /// as the core's <see cref="IClusterDirectory"/>, and its metrics section. It does nothing while <c>cluster: no</c>.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ClusterNode(sp.GetRequiredService<PathManager>, sp.GetServices<IBrokerServer>, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IClusterDirectory>(sp => sp.GetRequiredService<ClusterNode>());
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<ClusterNode>());
        services.AddSingleton(sp => ClusterMetrics.Create(sp.GetRequiredService<ClusterNode>()));
        return services;
    }
}
