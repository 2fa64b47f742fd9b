namespace MediaBroker.Formats.MpegTs;

/// <summary>The elementary stream formats the demuxer and muxer understand.</summary>
internal enum TsStreamKind
{
    H264,
    H265,
    Aac,
    MpegAudio,
    Ac3,
    Opus,
    Mpeg4Video,
    Mpeg12Video,
    Klv,
}
