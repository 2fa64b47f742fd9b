namespace MediaBroker.Formats.WebM;

/// <summary>The EBML DocType a live Matroska writer declares, and so the codecs it may carry.</summary>
public enum MatroskaDocType
{
    /// <summary><c>webm</c>: VP8, VP9, AV1 video and Opus audio (the WebM subset).</summary>
    WebM,

    /// <summary><c>matroska</c>: also H264, H265, AAC, MP3 and AC-3.</summary>
    Matroska,
}
