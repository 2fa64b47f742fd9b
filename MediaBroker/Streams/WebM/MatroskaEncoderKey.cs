using MediaBroker.Core;
using MediaBroker.Formats.WebM;

namespace MediaBroker.Streams.WebM;

/// <summary>The stream's shared live Matroska encoder (DocType <c>matroska</c>: H264, H265, AV1, VP8, VP9, AAC, Opus, MP3, AC-3).</summary>
public readonly record struct MatroskaEncoderKey : IStreamEncoderKey<WebmStreamEncoder>
{
    public WebmStreamEncoder Create(MediaStream stream) => new(stream, MatroskaDocType.Matroska);
}
