using MediaBroker.Media;

namespace MediaBroker.Streams.WebM;

/// <summary>
/// One SimpleBlock of a live WebM or Matroska stream (with the Cluster start before it when it opens one), built once
/// and shared, immutable, by every reader, with the header that describes it: a reader sends the header before its
/// first item.
/// </summary>
public sealed class WebmItem(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data, bool isVideo, bool isKeyFrame, bool opensCluster,
    long timeMs = 0, DateTime captureTime = default) : IFanoutItem
{
    /// <summary>EBML header, Segment start, Info and Tracks; the same instance for the encoder's life.</summary>
    public ReadOnlyMemory<byte> Header { get; } = header;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public bool IsVideo { get; } = isVideo;

    /// <summary>A video key frame (always true for audio, as the reader queues expect).</summary>
    public bool IsKeyFrame { get; } = isKeyFrame;

    /// <summary>
    /// <see cref="Data"/> starts with a Cluster (at a video key frame, or every second for audio only): a reader's
    /// first item after the header must be one, since blocks only make sense after their Cluster's timestamp.
    /// </summary>
    public bool OpensCluster { get; } = opensCluster;

    /// <summary>The block's time in milliseconds on the stream's timeline (the Cluster timestamps' scale).</summary>
    public long TimeMs { get; } = timeMs;

    /// <summary>The unit's wall-clock capture time (push windows given in unix time).</summary>
    public DateTime CaptureTime { get; } = captureTime;
}
