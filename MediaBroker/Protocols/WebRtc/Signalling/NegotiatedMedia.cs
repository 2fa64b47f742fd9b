using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// The outcome for one m= section of an offer: the payload type and format chosen from the offer and the
/// codec it carries, or rejected (port 0 in the answer). For reading, <see cref="StreamTrack"/> is the
/// stream's track sent on it; for publishing, <see cref="Codec"/> describes what the peer will send.
/// </summary>
public sealed record NegotiatedMedia(int Index, string Mid, string Kind)
{
    public bool Accepted => Format is not null;

    /// <summary>The offer's format we answer with (its rtpmap/fmtp/rtcp-fb are copied).</summary>
    public SdpFormat? Format { get; init; }

    public int PayloadType => Format?.PayloadType ?? -1;

    public Codec? Codec { get; init; }

    public Track? StreamTrack { get; init; }

    /// <summary>The peer's SSRC from its a=ssrc lines (publishing), when announced.</summary>
    public uint? RemoteSsrc { get; init; }
}
