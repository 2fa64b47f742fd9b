using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Logging;
using MediaBroker.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the web dashboard as an <see cref="IApiRouteExtension"/> (served by the API server when <c>api: yes</c>)
    /// and the <see cref="AdminSessions"/> of its sign-in form, which the v3 routes accept too.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AdminSessions(sp.GetService<TimeProvider>()));
        services.AddSingleton<IApiRouteExtension>(sp => new DashboardRoutes(
            sp.GetRequiredService<AuthService>(),
            sp.GetRequiredService<AdminSessions>(),
            new DashboardStats(sp.GetRequiredService<PathManager>(), sp.GetServices<IApiResourceProvider>(), sp.GetServices<IBrokerServer>,
                sp.GetService<TimeProvider>() ?? TimeProvider.System),
            sp.GetService<BrokerLoggerProvider>()?.Feed,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("MediaBroker.Dashboard")));
        return services;
    }
}
