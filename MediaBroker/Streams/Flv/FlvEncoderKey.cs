using MediaBroker.Core;

namespace MediaBroker.Streams.Flv;

/// <summary>The stream's shared <see cref="FlvStreamEncoder"/>: one per stream, every RTMP reader uses it.</summary>
public readonly record struct FlvEncoderKey : IStreamEncoderKey<FlvStreamEncoder>
{
    public FlvStreamEncoder Create(MediaStream stream) => new(stream);
}
