namespace MediaBroker.Protocols.Hls;

/// <summary>MediaMTX's <c>hlsVariant</c>.</summary>
public enum HlsVariant
{
    /// <summary>MPEG-TS segments (RFC 8216), for old players; no parts.</summary>
    MpegTs,

    /// <summary>fMP4 segments (RFC 8216 §3.3), no parts.</summary>
    Fmp4,

    /// <summary>fMP4 segments plus LL-HLS parts, blocking reload, preload hints and delta updates (the default).</summary>
    LowLatency,
}

/// <summary>Reads the configuration spelling of <see cref="HlsVariant"/>.</summary>
public static class HlsVariants
{
    /// <exception cref="ArgumentException">Not one of mpegts, fmp4, lowLatency.</exception>
    public static HlsVariant Parse(string text) => text switch
    {
        "mpegts" => HlsVariant.MpegTs,
        "fmp4" => HlsVariant.Fmp4,
        "lowLatency" => HlsVariant.LowLatency,
        _ => throw new ArgumentException($"hlsVariant '{text}' is not one of mpegts, fmp4, lowLatency", nameof(text)),
    };
}
