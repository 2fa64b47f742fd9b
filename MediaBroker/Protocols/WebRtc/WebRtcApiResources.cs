using MediaBroker.Api;
using MediaBroker.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>webrtcsessions (list/get/kick) and the webrtc_sessions metrics, while the WebRTC server runs.</summary>
public static class WebRtcApiResources
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<WebRtcServer>();
            return ApiResource.Create("webrtcsessions", () => Sessions(s), x => x.Id.ToString(), s.Sessions.Kick, () => IsEnabled(s));
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<WebRtcServer>();
            return WebRtcMetrics.Sessions(() => Sessions(s), () => IsEnabled(s));
        });
    }

    public static bool IsEnabled(WebRtcServer s) => s.BoundEndPoint is not null;

    public static IReadOnlyList<WebRtcSessionInfo> Sessions(WebRtcServer s) => s.Sessions.Describe();
}
