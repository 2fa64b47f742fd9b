using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

public static class BrokerLoggingExtensions
{
    /// <summary>
    /// Replaces every logging provider with <see cref="BrokerLoggerProvider"/>, which does its own level filtering
    /// (so the factory's minimum is lowered to Trace). The provider is a container singleton, disposed (and so
    /// flushed) at shutdown; resolve <see cref="BrokerLoggerProvider"/> to call <see cref="BrokerLoggerProvider.Reload"/>.
    /// </summary>
    public static ILoggingBuilder AddBrokerLogging(this ILoggingBuilder builder, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton(sp => new BrokerLoggerProvider(options, sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<BrokerLoggerProvider>());
        return builder;
    }
}
