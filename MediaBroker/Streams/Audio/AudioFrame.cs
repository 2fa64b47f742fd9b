using MediaBroker.Media;

namespace MediaBroker.Streams.Audio;

/// <summary>One unit's audio frames, framed once (ADTS or MPEG audio) and shared, immutable, by every reader.</summary>
public sealed class AudioFrame(ReadOnlyMemory<byte> data) : IFanoutItem
{
    public ReadOnlyMemory<byte> Data { get; } = data;

    public bool IsVideo => false;

    public bool IsKeyFrame => true;
}
