using MediaBroker.Api;
using MediaBroker.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// srtconns (list/get/kick) and the srt_conns metrics, while the SRT listener runs. <see cref="SrtConnInfo"/> already
/// carries MediaMTX's field names, so it is served as is.
/// </summary>
public static class SrtApiResources
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<SrtServer>();
            return ApiResource.Create("srtconns", () => s.Connections, c => c.Id.ToString(), s.Kick, () => IsEnabled(s));
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<SrtServer>();
            return SrtMetrics.Conns(() => s.Connections, () => IsEnabled(s));
        });
    }

    public static bool IsEnabled(SrtServer s) => s.BoundEndPoint is not null;
}
