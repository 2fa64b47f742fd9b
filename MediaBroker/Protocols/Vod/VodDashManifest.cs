using System.Globalization;
using System.Security;
using System.Text;
using MediaBroker.Streams.Files;

namespace MediaBroker.Protocols.Vod;

/// <summary>
/// Renders the static DASH manifest (ISO/IEC 23009-1, <c>type="static"</c>) of a file: one Period as long as the file,
/// one AdaptationSet per track with one Representation each (players such as dash.js refuse multiplexed ones), and a
/// SegmentTemplate whose SegmentTimeline lists the cuts of the HLS VOD playlist. Times count in the primary track's
/// fMP4 timescale; presentationTimeOffset is the first cut, so the file's own timestamps (an MPEG-TS file starting at
/// 1.4 s) play from 0. Pure: the index, the tracks and the query in, the text out.
/// </summary>
internal static class VodDashManifest
{
    public const string ContentType = "application/dash+xml";

    /// <param name="query">The viewer's query (credentials), with its '?', appended to every URL; "" for none.</param>
    /// <param name="bandwidth">The file's average bit rate (bits/s): the Representations' required bandwidth.</param>
    public static string Render(FileVodIndex index, FileVodTracks tracks, string query, long bandwidth)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(tracks);
        var scale = tracks.Timescale;
        var starts = new long[index.Count + 1];
        for (var i = 0; i < index.Count; i++)
        {
            starts[i] = Ticks(index.Cuts[i].Time, scale);
        }

        starts[^1] = Math.Max(Ticks(index.End, scale), starts[^2]);
        var longest = 0.0;
        for (var i = 0; i < index.Count; i++)
        {
            longest = Math.Max(longest, index.SegmentDuration(i));
        }

        var urlQuery = SecurityElement.Escape(query.Replace("$", "$$", StringComparison.Ordinal));
        var x = new StringBuilder(1024 + (index.Count * 32 * tracks.Tracks.Count));
        x.Append("""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n');
        x.Append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\" type=\"static\"");
        Attr(x, "mediaPresentationDuration", Duration(index.Duration));
        Attr(x, "minBufferTime", Duration(Math.Max(1, longest)));
        Attr(x, "maxSegmentDuration", Duration(longest));
        x.Append(">\n");
        x.Append("  <Period id=\"0\" start=\"PT0S\"");
        Attr(x, "duration", Duration(index.Duration));
        x.Append(">\n");
        foreach (var track in tracks.Tracks)
        {
            var kind = track.IsVideo ? "video" : "audio";
            x.Append("    <AdaptationSet id=\"").Append(track.TrackId.ToString(CultureInfo.InvariantCulture)).Append("\" contentType=\"").Append(kind)
                .Append("\" mimeType=\"").Append(kind).Append("/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");
            x.Append("      <SegmentTemplate");
            Attr(x, "timescale", scale.ToString(CultureInfo.InvariantCulture));
            Attr(x, "presentationTimeOffset", starts[0].ToString(CultureInfo.InvariantCulture));
            Attr(x, "initialization", "vod/" + VodRequest.DashInitPrefix + "$RepresentationID$" + VodRequest.DashInitSuffix + urlQuery);
            Attr(x, "media", "vod/$Number$" + VodRequest.DashTrackSeparator + "$RepresentationID$" + VodRequest.DashSegmentSuffix + urlQuery);
            Attr(x, "startNumber", "0");
            x.Append(">\n        <SegmentTimeline>\n");
            Timeline(x, starts);
            x.Append("        </SegmentTimeline>\n      </SegmentTemplate>\n");
            x.Append("      <Representation");
            Attr(x, "id", track.TrackId.ToString(CultureInfo.InvariantCulture));
            Attr(x, "codecs", SecurityElement.Escape(track.Codecs));
            Attr(x, "bandwidth", Math.Max(1, bandwidth).ToString(CultureInfo.InvariantCulture));
            if (track.IsVideo)
            {
                Attr(x, "width", track.Width.ToString(CultureInfo.InvariantCulture));
                Attr(x, "height", track.Height.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Attr(x, "audioSamplingRate", track.SampleRate.ToString(CultureInfo.InvariantCulture));
            }

            x.Append("/>\n    </AdaptationSet>\n");
        }

        x.Append("  </Period>\n</MPD>\n");
        return x.ToString();
    }

    /// <summary>One S per run of equal durations (@r repeats), the first with its @t.</summary>
    private static void Timeline(StringBuilder x, long[] starts)
    {
        var i = 0;
        while (i < starts.Length - 1)
        {
            var d = starts[i + 1] - starts[i];
            var run = 1;
            while (i + run < starts.Length - 1 && starts[i + run + 1] - starts[i + run] == d)
            {
                run++;
            }

            x.Append("          <S");
            if (i == 0)
            {
                Attr(x, "t", starts[0].ToString(CultureInfo.InvariantCulture));
            }

            Attr(x, "d", d.ToString(CultureInfo.InvariantCulture));
            if (run > 1)
            {
                Attr(x, "r", (run - 1).ToString(CultureInfo.InvariantCulture));
            }

            x.Append("/>\n");
            i += run;
        }
    }

    private static long Ticks(double seconds, int scale) => (long)Math.Round(seconds * scale);

    private static void Attr(StringBuilder x, string name, string value) =>
        x.Append(' ').Append(name).Append("=\"").Append(value).Append('"');

    /// <summary>xs:duration in seconds (PT1.5S).</summary>
    private static string Duration(double seconds) => "PT" + Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture) + "S";
}
