using System.Globalization;

namespace MediaBroker.Formats.Sdp;

/// <summary>One payload type of a media section: its rtpmap (RFC 8866 §6.6) and fmtp parameters, split.</summary>
public sealed record SdpFormat(int PayloadType, string? EncodingName, int ClockRate, int Channels, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The raw rtpmap value after the payload type ("H264/90000"), or null for a static type without one.</summary>
    public string? RtpMap { get; init; }

    /// <summary>The raw fmtp value after the payload type, or null.</summary>
    public string? Fmtp { get; init; }

    public string? Get(string key) => Parameters.TryGetValue(key, out var v) ? v : null;

    /// <summary>Reads format number <paramref name="formatIndex"/> of <paramref name="media"/>; false when it is not an RTP payload type.</summary>
    public static bool TryRead(MediaDescription media, int formatIndex, out SdpFormat format)
    {
        format = null!;
        if (formatIndex < 0 || formatIndex >= media.Formats.Count ||
            !int.TryParse(media.Formats[formatIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127)
        {
            return false;
        }

        var key = media.Formats[formatIndex];
        var rtpmap = media.GetFormatAttribute("rtpmap", key);
        var fmtp = media.GetFormatAttribute("fmtp", key);
        string? name = null;
        var clock = 0;
        var channels = 1;
        if (rtpmap is not null)
        {
            // <encoding name>/<clock rate>[/<channels>]
            var parts = rtpmap.Split('/');
            name = parts[0].Trim();
            if (parts.Length > 1)
            {
                int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out clock);
            }

            if (parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ch) && ch > 0)
            {
                channels = ch;
            }
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (fmtp is not null)
        {
            foreach (var item in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    parameters[item[..eq].Trim()] = item[(eq + 1)..].Trim();
                }
                else
                {
                    parameters[item] = string.Empty;
                }
            }
        }

        format = new SdpFormat(pt, name, clock, channels, parameters) { RtpMap = rtpmap, Fmtp = fmtp };
        return true;
    }
}
