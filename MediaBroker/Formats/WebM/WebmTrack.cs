namespace MediaBroker.Formats.WebM;

/// <summary>
/// One track of a WebM file (Matroska TrackEntry): its number (1-based, as blocks name it), Matroska codec ID
/// (<c>V_VP8</c>, <c>V_VP9</c>, <c>A_OPUS</c>), CodecPrivate (OpusHead for Opus), and picture size or audio format.
/// </summary>
public sealed record WebmTrack(int Number, bool IsVideo, string CodecId, ReadOnlyMemory<byte> CodecPrivate, int Width, int Height,
    int SampleRate, int Channels, long CodecDelayNs = 0);
