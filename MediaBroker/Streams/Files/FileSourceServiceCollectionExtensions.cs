using MediaBroker.Core;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Streams.Files;

public static class FileSourceServiceCollectionExtensions
{
    /// <summary>Paths with <c>source: file://...</c> play media files.</summary>
    public static IServiceCollection AddFileSources(this IServiceCollection services)
    {
        services.AddSingleton<IStaticSourceFactory, FileSourceFactory>();
        return services;
    }
}
