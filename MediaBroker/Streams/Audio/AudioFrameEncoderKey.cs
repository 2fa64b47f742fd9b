using MediaBroker.Core;

namespace MediaBroker.Streams.Audio;

/// <summary>The stream's shared <see cref="AudioFrameEncoder"/> for one <see cref="AudioFrameFormat"/>.</summary>
public readonly record struct AudioFrameEncoderKey(AudioFrameFormat Format) : IStreamEncoderKey<AudioFrameEncoder>
{
    public AudioFrameEncoder Create(MediaStream stream) => new(stream, Format);
}
