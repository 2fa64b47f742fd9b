using MediaBroker.Core;

namespace MediaBroker.Streams.MpegTs;

/// <summary>The stream's shared <see cref="MpegTsStreamEncoder"/>: one per stream, every SRT reader uses it.</summary>
public readonly record struct MpegTsEncoderKey : IStreamEncoderKey<MpegTsStreamEncoder>
{
    public MpegTsStreamEncoder Create(MediaStream stream) => new(stream);
}
