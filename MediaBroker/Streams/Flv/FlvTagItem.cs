using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Formats.Flv;

namespace MediaBroker.Streams.Flv;

/// <summary>
/// One serialized FLV tag body (= RTMP message payload), built once per unit and shared, immutable, by every
/// FLV/RTMP reader of a stream. Headers (metadata, sequence headers) are not video frames for the reader
/// queue, so they are never skipped while a reader waits for a key frame.
/// </summary>
public sealed class FlvTagItem : IFanoutItem
{
    public FlvTagItem(FlvTagType type, uint timestamp, ReadOnlyMemory<byte> payload, bool isVideoFrame, bool isKeyFrame, bool isHeader,
        DateTime captureTime = default)
    {
        CaptureTime = captureTime;
        Type = type;
        Timestamp = timestamp;
        Payload = payload;
        IsVideo = isVideoFrame;
        IsKeyFrame = isKeyFrame;
        IsHeader = isHeader;
    }

    public FlvTagType Type { get; }

    /// <summary>Decode time in milliseconds (32-bit, wraps as RTMP's does).</summary>
    public uint Timestamp { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The wall-clock capture time of the unit this tag carries (<see cref="Unit.NtpTime"/>); default for headers.</summary>
    public DateTime CaptureTime { get; }

    public bool IsVideo { get; }

    public bool IsKeyFrame { get; }

    /// <summary>onMetaData or a sequence header (decoder configuration).</summary>
    public bool IsHeader { get; }
}
