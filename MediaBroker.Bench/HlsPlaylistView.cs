using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>What the reader needs from a media playlist: its parts with their segment number and index, and whether
/// delta updates are offered. Parts before an <c>#EXTINF</c> belong to that segment; parts after the last one belong
/// to the segment being built (RFC 8216bis §4.4.4.9). <see cref="NextMsn"/>/<see cref="NextPart"/> name the first part
/// the playlist does not list yet: what a blocking reload asks for.</summary>
internal sealed record HlsPlaylistView(List<HlsPlaylistView.Part> Parts, bool CanSkip, long NextMsn, int NextPart)
{
    public static HlsPlaylistView Parse(string text)
    {
        var parts = new List<Part>();
        var canSkip = false;
        long msn = 0;
        var index = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd('\r');
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:"))
            {
                msn = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-SKIP:SKIPPED-SEGMENTS="))
            {
                msn += int.Parse(line["#EXT-X-SKIP:SKIPPED-SEGMENTS=".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXT-X-SERVER-CONTROL:"))
            {
                canSkip = line.Contains("CAN-SKIP-UNTIL=", StringComparison.Ordinal);
            }
            else if (line.StartsWith("#EXT-X-PART:"))
            {
                var uri = line[(line.IndexOf("URI=\"", StringComparison.Ordinal) + 5)..];
                parts.Add(new Part(msn, index++, uri[..uri.IndexOf('"')].ToString()));
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                // A segment URI closes the segment its parts belonged to.
                msn++;
                index = 0;
            }
        }

        return new HlsPlaylistView(parts, canSkip, msn, index);
    }

    /// <summary>The first URI line (in a multivariant playlist: the first variant).</summary>
    public static string? FirstUri(string text)
    {
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                return line.ToString();
            }
        }

        return null;
    }

    internal sealed record Part(long Msn, int Index, string Uri);
}
