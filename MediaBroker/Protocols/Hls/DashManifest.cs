using System.Globalization;
using System.Security;
using System.Text;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// Renders the live DASH manifest (ISO/IEC 23009-1, <c>type="dynamic"</c>) of an fMP4 HLS muxer's snapshot: one
/// Period, one AdaptationSet per carried track (video, audio) with one Representation each, whose init and segments are
/// that track taken out of the muxer's init and segments (players such as dash.js refuse multiplexed Representations);
/// a SegmentTemplate with a SegmentTimeline of the segments the HLS playlist lists, and the server's clock as UTCTiming. Low-latency (the <c>lowLatency</c> variant)
/// adds availabilityTimeOffset with availabilityTimeComplete="false": a segment is served while it is being written,
/// part by part (chunked CMAF). Pure: the snapshot, the options and the time in, the text out.
/// </summary>
internal static class DashManifest
{
    public const string Name = "manifest.mpd";
    public const string ContentType = "application/dash+xml";

    /// <summary>DASH's names: <c>init{track}.mp4</c>, and <c>seg{n}_{track}.m4s</c> for one track of HLS segment n.</summary>
    public const string InitPrefix = "init";
    public const string InitSuffix = ".mp4";
    public const string SegmentPrefix = "seg";
    public const string TrackSeparator = "_";
    public const string SegmentSuffix = ".m4s";

    /// <param name="s">A snapshot with at least one segment and its stream info.</param>
    /// <param name="query">The viewer's query (credentials), with its '?', appended to every URL; "" for none.</param>
    /// <param name="now">The server's clock (UTC): publishTime and UTCTiming.</param>
    public static string Render(HlsSnapshot s, HlsServerOptions options, string query, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(options);
        var info = s.Info ?? throw new ArgumentException("the snapshot has no stream info yet", nameof(s));
        var ll = options.Variant == HlsVariant.LowLatency;
        var listed = s.Segments.AsSpan();
        listed = listed.Length > options.SegmentCount ? listed[^options.SegmentCount..] : listed;
        double window = 0, longest = 0;
        foreach (var seg in listed)
        {
            window += seg.Duration;
            longest = Math.Max(longest, seg.Duration);
        }

        var partTarget = Math.Max(s.PartTarget, options.PartDuration.TotalSeconds);

        // Clients re-read the manifest to learn of new segments: once a segment (a part when low-latency) has passed.
        var updatePeriod = ll ? partTarget : Math.Max(options.SegmentDuration.TotalSeconds, 0.5);
        var urlQuery = SecurityElement.Escape(query.Replace("$", "$$", StringComparison.Ordinal));
        var fps = s.FrameRate();

        var x = new StringBuilder(1024 + (listed.Length * 48 * info.Tracks.Length));
        x.Append("""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n');
        x.Append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\" type=\"dynamic\"");
        Attr(x, "availabilityStartTime", Time(s.MediaTimeZero));
        Attr(x, "publishTime", Time(now));
        Attr(x, "minimumUpdatePeriod", Duration(updatePeriod));
        Attr(x, "minBufferTime", Duration(Math.Max(longest, partTarget)));
        Attr(x, "timeShiftBufferDepth", Duration(window));
        Attr(x, "maxSegmentDuration", Duration(s.TargetDuration));
        Attr(x, "suggestedPresentationDelay", Duration(ll ? Math.Max(3 * partTarget, 1) : 2 * s.TargetDuration));
        x.Append(">\n");
        x.Append("""  <Period id="0" start="PT0S">""").Append('\n');
        foreach (var track in info.Tracks)
        {
            var kind = track.IsVideo ? "video" : "audio";
            x.Append("    <AdaptationSet id=\"").Append(track.Index.ToString(CultureInfo.InvariantCulture)).Append("\" contentType=\"").Append(kind)
                .Append("\" mimeType=\"").Append(kind).Append("/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");

            // One timeline for every track: each segment holds what every track had between the same two key frames.
            x.Append("      <SegmentTemplate");
            Attr(x, "timescale", info.Timescale.ToString(CultureInfo.InvariantCulture));
            Attr(x, "initialization", InitPrefix + "$RepresentationID$" + InitSuffix + urlQuery);
            Attr(x, "media", SegmentPrefix + "$Number$" + TrackSeparator + "$RepresentationID$" + SegmentSuffix + urlQuery);
            Attr(x, "startNumber", (listed.IsEmpty ? s.CurrentMsn : listed[0].Msn).ToString(CultureInfo.InvariantCulture));
            if (ll)
            {
                // A segment can be fetched once its first part exists; the rest arrives as it is written.
                Attr(x, "availabilityTimeOffset", Seconds(Math.Max(0, options.SegmentDuration.TotalSeconds - partTarget)));
                Attr(x, "availabilityTimeComplete", "false");
            }

            x.Append(">\n        <SegmentTimeline>\n");
            foreach (var seg in listed)
            {
                x.Append("          <S t=\"").Append(seg.MediaTime.ToString(CultureInfo.InvariantCulture))
                    .Append("\" d=\"").Append(seg.MediaDuration.ToString(CultureInfo.InvariantCulture)).Append("\"/>\n");
            }

            x.Append("        </SegmentTimeline>\n      </SegmentTemplate>\n");
            x.Append("      <Representation");
            Attr(x, "id", track.TrackId.ToString(CultureInfo.InvariantCulture));
            Attr(x, "codecs", SecurityElement.Escape(track.Codecs));
            Attr(x, "bandwidth", Bandwidth(listed, track.Index).ToString(CultureInfo.InvariantCulture));
            if (track.IsVideo)
            {
                Attr(x, "width", track.Width.ToString(CultureInfo.InvariantCulture));
                Attr(x, "height", track.Height.ToString(CultureInfo.InvariantCulture));
                if (fps > 0)
                {
                    Attr(x, "frameRate", Math.Round(fps).ToString(CultureInfo.InvariantCulture));
                }
            }
            else
            {
                Attr(x, "audioSamplingRate", track.SampleRate.ToString(CultureInfo.InvariantCulture));
            }

            x.Append("/>\n    </AdaptationSet>\n");
        }

        x.Append("  </Period>\n");
        x.Append("  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:direct:2014\" value=\"").Append(Time(now)).Append("\"/>\n");
        x.Append("</MPD>\n");
        return x.ToString();
    }

    /// <summary>Bits per second of one track: the peak over the listed segments (at least 1: the attribute is required).</summary>
    private static long Bandwidth(ReadOnlySpan<HlsSegment> segments, int track)
    {
        double peak = 0;
        foreach (var seg in segments)
        {
            if (seg.Duration > 0 && !seg.TrackBytes.IsDefault && track < seg.TrackBytes.Length)
            {
                peak = Math.Max(peak, seg.TrackBytes[track] * 8 / seg.Duration);
            }
        }

        return Math.Max(1, (long)Math.Ceiling(peak));
    }

    private static void Attr(StringBuilder x, string name, string value) =>
        x.Append(' ').Append(name).Append("=\"").Append(value).Append('"');

    /// <summary>xs:dateTime in UTC with milliseconds.</summary>
    private static string Time(DateTime t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>xs:duration in seconds (PT1.5S).</summary>
    private static string Duration(double seconds) => "PT" + Seconds(seconds) + "S";

    private static string Seconds(double seconds) => Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture);
}
