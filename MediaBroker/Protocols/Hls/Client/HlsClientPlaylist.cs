using System.Globalization;

namespace MediaBroker.Protocols.Hls.Client;

/// <summary>One media segment of a media playlist: its sequence number, absolute URI and the init section (EXT-X-MAP) it needs.</summary>
internal sealed record HlsClientSegment(long Msn, Uri Uri, Uri? Map);

/// <summary>
/// The parts of RFC 8216 playlists a pull source needs: the variants of a multivariant playlist (§4.3.4.2) and the
/// segments of a media playlist (§4.3.2-4.3.3). LL-HLS parts and hints are ignored: whole segments are enough to relay.
/// </summary>
internal sealed record HlsClientPlaylist
{
    /// <summary>Variant URIs with their BANDWIDTH, when this is a multivariant playlist.</summary>
    public IReadOnlyList<(Uri Uri, long Bandwidth)> Variants { get; init; } = [];

    public IReadOnlyList<HlsClientSegment> Segments { get; init; } = [];

    public double TargetDuration { get; init; } = 2;

    public bool Ended { get; init; }

    public bool IsMultivariant => Variants.Count > 0;

    /// <exception cref="FormatException">The text is not a playlist.</exception>
    public static HlsClientPlaylist Parse(string text, Uri baseUri)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].TrimStart('\uFEFF').StartsWith("#EXTM3U", StringComparison.Ordinal))
        {
            throw new FormatException("not an M3U8 playlist (no #EXTM3U)");
        }

        var variants = new List<(Uri, long)>();
        var segments = new List<HlsClientSegment>();
        long msn = 0;
        double target = 2;
        var ended = false;
        Uri? map = null;
        long? pendingBandwidth = null;
        var pendingSegment = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] != '#')
            {
                var uri = new Uri(baseUri, line);
                if (pendingBandwidth is { } bw)
                {
                    variants.Add((uri, bw));
                    pendingBandwidth = null;
                }
                else if (pendingSegment)
                {
                    segments.Add(new HlsClientSegment(msn++, uri, map));
                    pendingSegment = false;
                }

                continue;
            }

            var (tag, value) = SplitTag(line);
            switch (tag)
            {
                case "#EXT-X-STREAM-INF":
                    pendingBandwidth = long.TryParse(Attribute(value, "BANDWIDTH"), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : 0;
                    break;
                case "#EXT-X-MEDIA-SEQUENCE":
                    msn = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "#EXT-X-TARGETDURATION":
                    target = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "#EXT-X-MAP":
                    map = Attribute(value, "URI") is { } m ? new Uri(baseUri, m) : throw new FormatException("EXT-X-MAP without URI");
                    break;
                case "#EXTINF":
                    pendingSegment = true;
                    break;
                case "#EXT-X-ENDLIST":
                    ended = true;
                    break;
            }
        }

        return new HlsClientPlaylist { Variants = variants, Segments = segments, TargetDuration = target, Ended = ended };
    }

    private static (string Tag, string Value) SplitTag(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..]);
    }

    /// <summary>An attribute of an attribute list (§4.2): NAME=value or NAME="quoted, with commas".</summary>
    internal static string? Attribute(string list, string name)
    {
        var i = 0;
        while (i < list.Length)
        {
            var eq = list.IndexOf('=', i);
            if (eq < 0)
            {
                return null;
            }

            var key = list[i..eq].Trim();
            int end;
            string val;
            if (eq + 1 < list.Length && list[eq + 1] == '"')
            {
                var close = list.IndexOf('"', eq + 2);
                close = close < 0 ? list.Length : close;
                val = list[(eq + 2)..close];
                end = list.IndexOf(',', Math.Min(close + 1, list.Length));
            }
            else
            {
                end = list.IndexOf(',', eq + 1);
                val = list[(eq + 1)..(end < 0 ? list.Length : end)];
            }

            if (key == name)
            {
                return val;
            }

            if (end < 0)
            {
                return null;
            }

            i = end + 1;
        }

        return null;
    }
}
