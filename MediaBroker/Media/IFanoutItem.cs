namespace MediaBroker.Media;

/// <summary>What a reader queue needs to know about an item to drop it sensibly.</summary>
public interface IFanoutItem
{
    /// <summary>The item belongs to a video track (only video waits for key frames after a drop).</summary>
    bool IsVideo { get; }

    /// <summary>A decoder can start here (IDR, key frame); always true for audio.</summary>
    bool IsKeyFrame { get; }
}
