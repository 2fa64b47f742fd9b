using MediaBroker.Core;

namespace MediaBroker.Streams.Fmp4;

/// <summary>The stream's shared <see cref="Fmp4StreamEncoder"/>: one per stream, every live fMP4 reader uses it.</summary>
public readonly record struct Fmp4EncoderKey : IStreamEncoderKey<Fmp4StreamEncoder>
{
    public Fmp4StreamEncoder Create(MediaStream stream) => new(stream);
}
