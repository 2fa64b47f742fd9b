namespace MediaBroker.Formats.WebM;

/// <summary>The EBML DocType a live Matroska writer declares, and so the codecs it may carry.</summary>
public enum MatroskaDocType
{
    /// <summary><c>webm</c>: VP8 and VP9 video and Opus audio (what <c>/&lt;path&gt;.webm</c> carries).</summary>
    WebM,

    /// <summary><c>matroska</c>: also H264, H265, AV1, AAC, MP3 and AC-3.</summary>
    Matroska,
}
