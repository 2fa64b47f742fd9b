using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.MpegTs;

/// <summary>Muxer state of one carried track.</summary>
internal sealed class TsMuxStream
{
    public TsMuxStream(Track track, TsStreamKind kind, int pid, byte streamType, byte streamId)
    {
        Track = track;
        Kind = kind;
        Pid = pid;
        StreamType = streamType;
        StreamId = streamId;
        IsVideo = TsStreamTypes.IsVideo(kind);
    }

    public Track Track { get; }

    public TsStreamKind Kind { get; }

    public int Pid { get; }

    public byte StreamType { get; }

    /// <summary>PES stream_id: 0xE0 video, 0xC0 MPEG audio, 0xBD private_stream_1 (AC-3, Opus).</summary>
    public byte StreamId { get; }

    public bool IsVideo { get; }

    /// <summary>The continuity counter of the next payload packet.</summary>
    public int Cc { get; set; }
}
