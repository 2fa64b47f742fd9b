using MediaBroker.Core;

namespace MediaBroker.Streams.WebM;

/// <summary>The stream's shared <see cref="WebmStreamEncoder"/>: one per stream, every live WebM reader uses it.</summary>
public readonly record struct WebmEncoderKey : IStreamEncoderKey<WebmStreamEncoder>
{
    public WebmStreamEncoder Create(MediaStream stream) => new(stream);
}
