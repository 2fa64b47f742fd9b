using MediaBroker.Media;

namespace MediaBroker.Streams.Fmp4;

/// <summary>
/// One moof + mdat of a live fragmented MP4 stream, built once and shared, immutable, by every reader, with the init
/// (ftyp + moov) that describes it: a reader sends the init before its first fragment and again when it changes.
/// </summary>
public sealed class Fmp4Fragment : IFanoutItem
{
    public Fmp4Fragment(ReadOnlyMemory<byte> init, ReadOnlyMemory<byte> data, bool isVideo, bool isKeyFrame)
    {
        Init = init;
        Data = data;
        IsVideo = isVideo;
        IsKeyFrame = isKeyFrame;
    }

    /// <summary>ftyp + moov for this fragment's tracks; the same instance until a track's parameters change.</summary>
    public ReadOnlyMemory<byte> Init { get; }

    /// <summary>moof + mdat.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The stream carries video (a fragment is then "video" for the reader queue's key-frame rules).</summary>
    public bool IsVideo { get; }

    /// <summary>The fragment starts with a key frame of the primary track: a reader can start or resume here.</summary>
    public bool IsKeyFrame { get; }
}
