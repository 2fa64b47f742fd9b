using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>How one reader's queue behaves.</summary>
public sealed record ReaderQueueOptions
{
    /// <summary>Items held before new ones are dropped (MediaMTX's <c>writeQueueSize</c>).</summary>
    public int Capacity { get; init; } = 512;

    /// <summary>Whether the stream has video; a reader then starts, and resumes after drops, at a key frame.</summary>
    public bool HasVideo { get; init; }

    /// <summary>Where "reader is too slow" is reported, at most once per second per reader.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Merged writes (<c>readerBatchDuration</c>): only TCP writers that send what the queue holds in one gathered send
    /// set it; the fan-out then wakes the writer once per batch instead of once per item.
    /// </summary>
    public ReaderBatch Batch { get; init; }

    /// <summary>Names the reader in the drop log line.</summary>
    public string ReaderName { get; init; } = "reader";
}
