namespace MediaBroker.Formats.Fmp4;

/// <summary>Outcome of <see cref="Fmp4TrackInfo.TryCreate"/>.</summary>
public enum Fmp4TrackStatus
{
    /// <summary>The track can be described in an init segment.</summary>
    Ready,

    /// <summary>
    /// Parameters are missing (no SPS yet) or must be read from a frame (VP9 key frame, MP3/AC-3 frame,
    /// MPEG-1/2 or M-JPEG frame): call again with a sample.
    /// </summary>
    NeedsSample,

    /// <summary>The codec cannot be carried in fMP4 (VP8, G.722, generic), or its parameters are malformed.</summary>
    Unsupported,
}
