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
            "Protocols" when parts.Length > 2 && IsPullSource(parts) => Protocol(parts[2]) is { } p ? p + " source" : null,
            "Protocols" when parts.Length > 2 => Protocol(parts[2]),
            "Api" => "API",
            "Metrics" => "metrics",
            "Playback" => "playback",
            "Record" => "recorder",
            "Hooks" => "hooks",
            _ => null,
        };
    }

    /// <summary>A protocol's pull client: its Client folder, or a type named *Source / *SourceFactory.</summary>
    private static bool IsPullSource(string[] parts) =>
        parts.Contains("Client") || parts[^1].EndsWith("Source", StringComparison.Ordinal) || parts[^1].EndsWith("SourceFactory", StringComparison.Ordinal);

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
