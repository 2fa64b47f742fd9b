using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Cluster;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Embed;
using MediaBroker.Forward;
using MediaBroker.Hooks;
using MediaBroker.Logging;
using MediaBroker.Push;
using MediaBroker.Record;
using MediaBroker.Streams.Files;
using MediaBroker.Streams.Offline;
using MediaBroker.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

/// <summary>The composition root: configuration → services → run until Ctrl-C / SIGTERM.</summary>
public static class BrokerApp
{
    public static IHost Build(ConfLoadResult loaded, Action<IServiceCollection>? configureTests = null)
    {
        var conf = loaded.Conf ?? throw new ArgumentException("the configuration is not valid", nameof(loaded));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Logging.AddBrokerLogging(ConfMapping.ToLogOptions(conf));

        builder.Services.AddSingleton(new ConfState(conf, loaded.FilePath));
        builder.Services.AddBrokerAuth(ConfMapping.ToAuthOptions(conf));
        builder.Services.AddSingleton<PathAuthorizer>();
        // The triggers may still refuse what the auth service allowed (STREAM_PUSH, USER_NEW, CONN_PLAY, CONN_OPEN).
        // Outermost, another node's pull with the cluster credential: that node already applied its own auth to its reader.
        builder.Services.AddSingleton<IPathAuthorizer>(sp => new ClusterPullAuthorizer(new TriggerAccessGate(sp.GetRequiredService<PathAuthorizer>(),
            sp.GetRequiredService<TriggerDispatcher>(), sp.GetRequiredService<TriggerConnections>(), () => sp.GetRequiredService<ConfState>().Current,
            sp.GetRequiredService<ILogger<TriggerAccessGate>>()), sp.GetRequiredService<ClusterNode>()));
        builder.Services.AddSingleton(sp => new PathManager(conf, sp.GetRequiredService<IPathAuthorizer>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetServices<IStaticSourceFactory>(), sp.GetService<IPathEvents>(), sp.GetService<IPublishRewriter>(),
            sp.GetService<IOfflineMediaFactory>(), sp.GetService<IClusterDirectory>()));
        builder.Services.AddSingleton<IOfflineMediaFactory, OfflineMediaFactory>();
        builder.Services.AddFileSources();
        builder.Services.AddSingleton<ServerSupervisor>();
        builder.Services.AddSingleton(sp => new ConfReloader(sp.GetRequiredService<ConfState>(), sp.GetRequiredService<PathManager>(),
            sp.GetRequiredService<AuthService>(), new Lazy<ServerSupervisor>(sp.GetRequiredService<ServerSupervisor>), sp.GetRequiredService<ILogger<ConfReloader>>(),
            sp.GetService<BrokerLoggerProvider>()));
        builder.Services.AddSingleton<IConfApplier>(sp => sp.GetRequiredService<ConfReloader>());
        builder.Services.AddBrokerControlPlane();
        BrokerServers.Register(builder.Services);
        // After the protocols: the node advertises its RTSP listener, so it starts once that listens.
        builder.Services.AddCluster();
        // The stream info and player pages on the HLS and WebRTC listeners, after the protocols' own handlers there.
        builder.Services.AddEmbed();
        builder.Services.AddHostedService<BrokerService>();
        // After BrokerService: started once the servers run, stopped (segments finished) before the paths close.
        builder.Services.AddSingleton(sp => new RecordManager(sp.GetRequiredService<PathManager>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<HookManager>(), sp.GetService<IRecordEvents>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordManager>());
        builder.Services.AddSingleton(sp => new ForwardManager(sp.GetRequiredService<PathManager>(), sp.GetServices<IStreamPusherFactory>(),
            sp.GetServices<IPushEvents>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ForwardManager>());
        // Pushes likewise start after the servers and stop before the paths close; a reload re-applies autoPushes.
        builder.Services.AddHostedService(sp =>
        {
            var pushes = sp.GetRequiredService<PushManager>();
            sp.GetRequiredService<ConfReloader>().Reloaded += _ => pushes.ApplyRules();
            return pushes;
        });
        // Last: SYSTEM_START once everything runs, SYSTEM_STOP before anything stops.
        builder.Services.AddHostedService<TriggerLifetime>();
        configureTests?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs the broker; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ConfLoadResult loaded)
    {
        using var host = Build(loaded);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MediaBroker.Hosting");
        foreach (var warning in loaded.Warnings)
        {
            HostingLog.ConfWarning(logger, warning);
        }

        if (loaded.FilePath is { } file)
        {
            HostingLog.ConfLoaded(logger, file);
        }

        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            HostingLog.StartFailed(logger, ex.Message);
            return 1;
        }
    }
}
