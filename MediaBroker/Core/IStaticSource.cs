namespace MediaBroker.Core;

/// <summary>
/// A configured source that pulls a stream into a path (rtsp://, rtmp://, srt://, http://...m3u8, whep://).
/// <see cref="RunAsync"/> connects, calls <see cref="StaticSourceContext.SetReady"/> with its tracks, writes units,
/// and returns or throws when the upstream is gone; the path then retries with back-off.
/// </summary>
public interface IStaticSource
{
    /// <summary>MediaMTX's source type for the API: rtspSource, rtmpSource, hlsSource, srtSource, webRTCSource, ...</summary>
    string ApiType { get; }

    Task RunAsync(StaticSourceContext context, CancellationToken ct);
}

/// <summary>Creates static sources for the URL schemes it knows. Registered in DI; the path asks each in turn.</summary>
public interface IStaticSourceFactory
{
    bool CanHandle(string sourceUrl);

    IStaticSource Create(string sourceUrl);
}
