using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AuthService"/> as a singleton built from <paramref name="options"/> (the container disposes it).
    /// An <see cref="IAuthFailureDelay"/> or <see cref="TimeProvider"/> registered in the container is used when present.
    /// Hot reload: resolve the service and call <see cref="AuthService.Reload"/>.
    /// </summary>
    public static IServiceCollection AddBrokerAuth(this IServiceCollection services, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new AuthService(
            options,
            sp.GetRequiredService<ILogger<AuthService>>(),
            sp.GetService<IAuthFailureDelay>(),
            httpClient: null,
            sp.GetService<TimeProvider>()));
        return services;
    }
}
