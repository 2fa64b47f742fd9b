namespace MediaBroker.Protocols.HttpStream;

/// <summary>A reader of a plain-HTTP output: the item of <c>/v3/httpstreamsessions</c> and of the http_stream_sessions metrics.</summary>
public sealed record HttpStreamSessionInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }

    /// <summary>flv, mpegts, fmp4, webm, aac or mp3.</summary>
    public required string Format { get; init; }
    public long OutboundBytes { get; init; }

    /// <summary>Flushes of the response, each one write of everything queued (see readerBatchDuration).</summary>
    public long OutboundSends { get; init; }

    /// <summary>Mean bytes per send; with <c>readerBatchDuration</c> a reader's sends carry whole batches.</summary>
    public long BytesPerSend => OutboundSends == 0 ? 0 : OutboundBytes / OutboundSends;

    /// <summary>Items this reader lost because it read too slowly.</summary>
    public long OutboundFramesDiscarded { get; init; }
}
