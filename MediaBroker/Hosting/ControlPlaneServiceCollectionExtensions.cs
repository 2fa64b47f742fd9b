using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Hosting;
using MediaBroker.Diagnostics;
using MediaBroker.Metrics;
using MediaBroker.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MediaBroker.Api;
using MediaBroker.Dashboard;
using MediaBroker.Playback;
using MediaBroker.Forward;
using MediaBroker.Push;
using MediaBroker.Push.Files;
using MediaBroker.Record;

namespace MediaBroker.Hosting;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers the REST API, metrics and playback servers (as <see cref="IBrokerServer"/>s), the recording store and
    /// its cleaner (a hosted service), the metrics providers for paths and the broker's own instruments, the <see cref="HookManager"/> and the triggers as <see cref="IPathEvents"/> and <see cref="IConnectionHooks"/>. Expects
    /// <see cref="PathManager"/> (built with <c>sp.GetService&lt;IPathEvents&gt;()</c>), <see cref="AuthService"/> and
    /// <see cref="IConfApplier"/> to be registered; protocol servers add <see cref="IApiResourceProvider"/>s and
    /// <see cref="IMetricsProvider"/>s, and call <see cref="HookManager.OnConnect"/> for their connections.
    /// </summary>
    public static IServiceCollection AddBrokerControlPlane(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new MediaBrokerMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => sp.GetRequiredService<PathManager>().Paths));
        services.AddSingleton<IMetricsProvider>(sp => sp.GetRequiredService<MediaBrokerMetrics>());
        services.AddSingleton<IMetricsProvider>(sp => new PathMetricsProvider(sp.GetRequiredService<PathManager>(), sp.GetService<ForwardManager>()));
        services.AddSingleton(sp => new HookManager(
            // ConfState has no dependencies: hooks fire while the path manager is still being built, so they must not
            // resolve the reloader (which needs the path manager) from here.
            () => (sp.GetService<ConfState>()?.Current ?? sp.GetRequiredService<IConfApplier>().Current),
            sp.GetRequiredService<ILogger<HookManager>>(),
            started: sp.GetRequiredService<MediaBrokerMetrics>().HooksStarted));
        services.AddBrokerTriggers();
        services.AddSingleton<IPathEvents>(sp => new PathEventsFanout(sp.GetRequiredService<HookManager>(), sp.GetRequiredService<Triggers.TriggerPathEvents>()));
        services.AddSingleton<IConnectionHooks>(sp => new ConnectionHooksFanout(sp.GetRequiredService<HookManager>(), sp.GetRequiredService<Triggers.TriggerConnections>()));
        services.AddSingleton(sp => new ApiServer(
            sp.GetRequiredService<PathManager>(),
            sp.GetRequiredService<AuthService>(),
            sp.GetRequiredService<IConfApplier>(),
            sp.GetServices<IApiResourceProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<MediaBrokerMetrics>().ConfChanges,
            sp.GetRequiredService<RecordingStore>(),
            sp.GetService<ForwardManager>(),
            sp.GetRequiredService<PushManager>(),
            sp.GetServices<IApiRouteExtension>(),
            sp.GetService<AdminSessions>(),
            sp.GetService<IClusterDirectory>()));
        services.AddDashboard();
        services.AddSingleton<IStreamPusherFactory, FilePusherFactory>();
        services.AddSingleton(sp => new PushManager(
            sp.GetRequiredService<PathManager>(),
            () => sp.GetRequiredService<IConfApplier>().Current,
            sp.GetServices<IStreamPusherFactory>(),
            sp.GetServices<IPushEvents>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => PushMetricsProvider.Create(sp.GetRequiredService<PushManager>()));
        services.AddSingleton(sp => new MetricsServer(
            sp.GetRequiredService<AuthService>(), sp.GetServices<IMetricsProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new RecordingStore(() => sp.GetRequiredService<IConfApplier>().Current));
        services.AddSingleton(sp => new PlaybackServer(
            sp.GetRequiredService<RecordingStore>(), sp.GetRequiredService<AuthService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<PlaybackServer>());
        services.AddHostedService(sp => new RecordCleaner(
            () => sp.GetRequiredService<IConfApplier>().Current,
            name => sp.GetRequiredService<PathManager>().Find(name) is { IsReady: true } p && p.Conf.Record,
            sp.GetRequiredService<ILogger<RecordCleaner>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<ApiServer>());
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<MetricsServer>());
        services.AddSingleton<IBrokerServer>(sp => new DiagnosticsServer(sp.GetRequiredService<AuthService>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
