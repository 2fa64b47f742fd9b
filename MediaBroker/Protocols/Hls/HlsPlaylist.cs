using System.Globalization;
using System.Text;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// Writes the multivariant and media playlists of one muxer snapshot (RFC 8216; LL-HLS tags from
/// draft-pantos-hls-rfc8216bis §4.4.3.7-4.4.5.3). Every URI is relative and carries the request's query, so
/// credentials given as <c>?user=&amp;pass=</c> or <c>?token=</c> reach the media playlist and the segments too.
/// </summary>
internal static class HlsPlaylist
{
    public const string MultivariantName = "index.m3u8";
    public const string MediaName = "stream.m3u8";
    public const string InitName = "init.mp4";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string SegmentName(long msn, HlsVariant variant) =>
        string.Create(Inv, $"seg{msn}.{(variant == HlsVariant.MpegTs ? "ts" : "mp4")}");

    public static string PartName(long id) => string.Create(Inv, $"part{id}.mp4");

    public static string Multivariant(HlsSnapshot s, HlsVariant variant, string query)
    {
        var b = new StringBuilder(256);
        b.Append("#EXTM3U\n");
        b.Append(Inv, $"#EXT-X-VERSION:{Version(variant)}\n");
        b.Append("#EXT-X-INDEPENDENT-SEGMENTS\n\n");
        var (peak, average) = s.Bandwidth();
        b.Append(Inv, $"#EXT-X-STREAM-INF:BANDWIDTH={Math.Max(peak, 1)}");
        if (average > 0)
        {
            b.Append(Inv, $",AVERAGE-BANDWIDTH={average}");
        }

        if (s.Info is { } info)
        {
            b.Append(Inv, $",CODECS=\"{info.Codecs}\"");
            if (info.HasResolution)
            {
                b.Append(Inv, $",RESOLUTION={info.Width}x{info.Height}");
            }
        }

        if (s.FrameRate() is > 0 and var fps)
        {
            b.Append(Inv, $",FRAME-RATE={fps:0.000}");
        }

        b.Append('\n').Append(MediaName).Append(query).Append('\n');
        return b.ToString();
    }

    /// <param name="skip">A delta update was asked for (<c>_HLS_skip=YES</c>); honoured only by the low-latency variant.</param>
    public static string Media(HlsSnapshot s, HlsVariant variant, int segmentCount, bool skip, string query)
    {
        var ll = variant == HlsVariant.LowLatency;
        var segments = s.Segments.AsSpan();
        if (segments.Length > segmentCount)
        {
            segments = segments[^segmentCount..];
        }

        var target = s.TargetDuration;
        var b = new StringBuilder(2048);
        b.Append("#EXTM3U\n");
        b.Append(Inv, $"#EXT-X-VERSION:{Version(variant)}\n");
        b.Append(Inv, $"#EXT-X-TARGETDURATION:{target}\n");
        var skipUntil = 6.0 * target; // §4.4.3.8: CAN-SKIP-UNTIL is at least six Target Durations
        if (ll)
        {
            // PART-HOLD-BACK must be at least twice PART-TARGET (§4.4.3.8); three keeps hls.js clear of stalls.
            b.Append(Inv, $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={3 * s.PartTarget:0.00000},CAN-SKIP-UNTIL={skipUntil:0.#####}\n");
            b.Append(Inv, $"#EXT-X-PART-INF:PART-TARGET={s.PartTarget:0.00000}\n");
        }

        var firstMsn = segments.IsEmpty ? s.CurrentMsn : segments[0].Msn;
        b.Append(Inv, $"#EXT-X-MEDIA-SEQUENCE:{firstMsn}\n");

        // Distance from each segment's start to the end of the playlist decides what is skipped and which parts are listed.
        var currentDuration = 0.0;
        foreach (var p in s.CurrentParts)
        {
            currentDuration += p.Duration;
        }

        Span<double> fromStart = segments.Length <= 64 ? stackalloc double[segments.Length] : new double[segments.Length];
        var acc = ll ? currentDuration : 0;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            acc += segments[i].Duration;
            fromStart[i] = acc;
        }

        var skipped = 0;
        if (ll && skip)
        {
            while (skipped < segments.Length - 1 && fromStart[skipped] > skipUntil)
            {
                skipped++;
            }

            if (skipped > 0)
            {
                b.Append(Inv, $"#EXT-X-SKIP:SKIPPED-SEGMENTS={skipped}\n");
            }
        }

        if (variant != HlsVariant.MpegTs)
        {
            b.Append("#EXT-X-MAP:URI=\"").Append(InitName).Append(query).Append("\"\n");
        }

        for (var i = skipped; i < segments.Length; i++)
        {
            var seg = segments[i];
            b.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(FormatDate(seg.ProgramDateTime)).Append('\n');

            // §4.4.4.9: parts older than three Target Durations from the end of the playlist are left out.
            if (ll && fromStart[i] - seg.Duration < 3.0 * target)
            {
                AppendParts(b, seg.Parts, query);
            }

            b.Append(Inv, $"#EXTINF:{seg.Duration:0.00000},\n");
            b.Append(SegmentName(seg.Msn, variant)).Append(query).Append('\n');
        }

        if (ll)
        {
            if (!s.CurrentParts.IsEmpty)
            {
                b.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(FormatDate(s.CurrentProgramDateTime)).Append('\n');
                AppendParts(b, s.CurrentParts, query);
            }

            b.Append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").Append(PartName(s.NextPartId)).Append(query).Append("\"\n");
        }

        return b.ToString();
    }

    /// <summary>EXT-X-VERSION: 9 for EXT-X-SKIP (LL-HLS), 6 for EXT-X-MAP in a media playlist, 3 for MPEG-TS.</summary>
    private static int Version(HlsVariant variant) => variant switch
    {
        HlsVariant.LowLatency => 9,
        HlsVariant.Fmp4 => 6,
        _ => 3,
    };

    private static void AppendParts(StringBuilder b, IReadOnlyList<HlsPart> parts, string query)
    {
        foreach (var p in parts)
        {
            b.Append(Inv, $"#EXT-X-PART:DURATION={p.Duration:0.00000},URI=\"").Append(PartName(p.Id)).Append(query).Append('"');
            if (p.Independent)
            {
                b.Append(",INDEPENDENT=YES");
            }

            b.Append('\n');
        }
    }

    private static string FormatDate(DateTime t) =>
        (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);
}
