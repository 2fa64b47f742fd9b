namespace MediaBroker.Bench;

/// <summary>The broker's managed allocations while one stream is published and read over one protocol.</summary>
internal sealed record IngestAllocResult
{
    public required string Proto { get; init; }

    public required double SteadySeconds { get; init; }

    /// <summary>Frames the tool's publisher sent in the window (exact: its own count).</summary>
    public required long Frames { get; init; }

    /// <summary>Everything the broker allocated in the window.</summary>
    public required long AllocatedBytes { get; init; }

    /// <summary>The idle broker's allocation rate (timers, the metrics scrape), measured first and subtracted below.</summary>
    public required double IdleBytesPerSecond { get; init; }

    public required double BytesPerFrame { get; init; }

    public required double BytesPerSecond { get; init; }

    /// <summary>The published video's bytes per frame (NAL units), for scale.</summary>
    public required double MediaBytesPerFrame { get; init; }

    /// <summary>Messages (RTMP) or RTP packets (RTSP) the reader received in the window.</summary>
    public required long ReaderMessages { get; init; }

    public required long ReaderBytes { get; init; }

    public string? FirstError { get; init; }
}
