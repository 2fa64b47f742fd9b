namespace MediaBroker.Streams.Audio;

/// <summary>The self-framed audio elementary streams an <see cref="AudioFrameEncoder"/> writes.</summary>
public enum AudioFrameFormat
{
    /// <summary>AAC access units, each behind a 7-byte ADTS header (ISO/IEC 14496-3 §1.A.2): a plain <c>.aac</c> stream.</summary>
    Adts,

    /// <summary>MPEG-1/2 audio frames (MP3, MP2) as they are: each starts with its own sync header.</summary>
    MpegAudio,
}
