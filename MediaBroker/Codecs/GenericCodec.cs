namespace MediaBroker.Codecs;

/// <summary>
/// A track whose payload we do not understand: its RTP packets are carried as they are.
/// The SDP attributes are kept so that RTSP readers get the same description.
/// </summary>
public sealed record GenericCodec(int PayloadType, string? RtpMap, string? Fmtp, int RtpClockRate, MediaKind MediaKind = MediaKind.Application) : Codec
{
    public override string Name => "Generic";
    public override MediaKind Kind => MediaKind;
    public override int ClockRate => RtpClockRate;
}
