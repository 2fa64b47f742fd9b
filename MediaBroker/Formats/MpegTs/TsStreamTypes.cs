namespace MediaBroker.Formats.MpegTs;

/// <summary>stream_type values (ISO/IEC 13818-1 Table 2-34, ATSC A/52 Annex A, ETSI EN 300 468) and their mapping.</summary>
internal static class TsStreamTypes
{
    public const byte Mpeg1Video = 0x01;
    public const byte Mpeg2Video = 0x02;
    public const byte Mpeg1Audio = 0x03;
    public const byte Mpeg2Audio = 0x04;
    public const byte PrivateData = 0x06;
    public const byte AacAdts = 0x0F;
    public const byte Mpeg4Video = 0x10;
    public const byte AacLatm = 0x11;
    public const byte Metadata = 0x15;
    public const byte H264 = 0x1B;
    public const byte H265 = 0x24;
    public const byte AtscAc3 = 0x81;

    /// <summary>The kind of a PMT entry, or null when we cannot carry it (LATM, E-AC-3, subtitles...).</summary>
    public static TsStreamKind? KindOf(in TsPmtStream s) => s.StreamType switch
    {
        H264 => TsStreamKind.H264,
        H265 => TsStreamKind.H265,
        AacAdts => TsStreamKind.Aac,
        Mpeg1Audio or Mpeg2Audio => TsStreamKind.MpegAudio,
        AtscAc3 => TsStreamKind.Ac3,
        Mpeg4Video => TsStreamKind.Mpeg4Video,
        Mpeg1Video or Mpeg2Video => TsStreamKind.Mpeg12Video,
        Metadata when s.RegistrationFormat == TsProgramTables.FormatKlv => TsStreamKind.Klv,
        PrivateData when s.RegistrationFormat == TsProgramTables.FormatOpus => TsStreamKind.Opus,
        PrivateData when s.RegistrationFormat == TsProgramTables.FormatKlv => TsStreamKind.Klv,
        PrivateData when s.HasAc3Descriptor || s.RegistrationFormat == TsProgramTables.FormatAc3 => TsStreamKind.Ac3,
        _ => null,
    };

    public static bool IsVideo(TsStreamKind kind) =>
        kind is TsStreamKind.H264 or TsStreamKind.H265 or TsStreamKind.Mpeg4Video or TsStreamKind.Mpeg12Video;
}
