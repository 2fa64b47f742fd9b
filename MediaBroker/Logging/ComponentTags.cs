namespace MediaBroker.Logging;

/// <summary>The MediaMTX-style component tag ("[RTSP]", "[API]") of a logger category such as
/// "MediaBroker.Protocols.Rtsp.RtspSession".</summary>
internal static class ComponentTags
{
    public static string? FromCategory(string category)
    {
        var parts = category.Split('.');
        if (parts.Length < 2 || parts[0] != "MediaBroker")
        {
            return null;
        }

        return parts[1] switch
        {
            "Servers" when parts.Length > 2 => Protocol(parts[2]),
            "Sources" when parts.Length > 2 => Protocol(parts[2]) is { } p ? p + " source" : null,
            "Api" => "API",
            "Metrics" => "metrics",
            "Playback" => "playback",
            "Record" => "recorder",
            "Hooks" => "hooks",
            _ => null,
        };
    }

    private static string? Protocol(string folder) => folder switch
    {
        "Rtsp" => "RTSP",
        "Rtmp" => "RTMP",
        "Hls" => "HLS",
        "WebRtc" => "WebRTC",
        "Srt" => "SRT",
        "Moq" => "MoQ",
        "Udp" => "UDP",
        _ => null,
    };
}
