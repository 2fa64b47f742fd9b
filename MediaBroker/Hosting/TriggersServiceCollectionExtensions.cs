using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Metrics;
using MediaBroker.Record;
using MediaBroker.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

internal static class TriggersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the triggers (docs/triggers.md): the dispatcher reading <c>triggers</c> from the configuration in
    /// force, its metrics, the <see cref="IPublishRewriter"/>, <see cref="IPushEvents"/> and <see cref="IRecordEvents"/>
    /// implementations, and <see cref="TriggerPathEvents"/>, <see cref="TriggerConnections"/> for the fan-outs (and as the
    /// <see cref="Hooks.IViewerConnections"/> of the HTTP outputs and WebRTC). The
    /// access gate and SYSTEM_START/SYSTEM_STOP are wired by <see cref="BrokerApp"/>.
    /// </summary>
    public static IServiceCollection AddBrokerTriggers(this IServiceCollection services)
    {
        services.AddSingleton<TriggerMetrics>();
        services.AddSingleton<IMetricsProvider>(sp => sp.GetRequiredService<TriggerMetrics>());
        services.AddSingleton(_ => new TriggerHandlerRunner());
        services.AddSingleton(sp => new TriggerDispatcher(CurrentConf(sp), sp.GetRequiredService<TriggerHandlerRunner>(),
            sp.GetRequiredService<TriggerMetrics>(), sp.GetRequiredService<ILogger<TriggerDispatcher>>()));
        services.AddSingleton<TriggerConnections>();
        // HLS viewer sessions, HTTP output responses and WebRTC sessions: connections for CONN_OPEN/CONN_CLOSE/USER_END only.
        services.AddSingleton<Hooks.IViewerConnections>(sp => sp.GetRequiredService<TriggerConnections>());
        services.AddSingleton<TriggerPathEvents>();
        services.AddSingleton<IPublishRewriter>(sp => new TriggerPublishRewriter(sp.GetRequiredService<TriggerDispatcher>(),
            CurrentConf(sp), sp.GetRequiredService<ILogger<TriggerPublishRewriter>>()));
        services.AddSingleton<IPushEvents, TriggerPushEvents>();
        services.AddSingleton<IRecordEvents, TriggerRecordEvents>();
        return services;
    }

    /// <summary>
    /// The configuration in force. ConfState has no dependencies: triggers fire while the path manager is still being
    /// built, so they must not resolve the reloader (which needs the path manager) when ConfState is there.
    /// </summary>
    private static Func<BrokerConf> CurrentConf(IServiceProvider sp) =>
        () => sp.GetService<ConfState>()?.Current ?? sp.GetRequiredService<IConfApplier>().Current;
}
