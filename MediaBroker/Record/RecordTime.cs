using System.Globalization;

namespace MediaBroker.Record;

/// <summary>Segment start times as the playback server and the API read and write them (RFC 3339, UTC, fractional seconds).</summary>
public static class RecordTime
{
    /// <summary>Parses an RFC 3339 time ("2026-12-02T15:04:05.123456Z", "...+01:00"); a '+' that a query decoded to a space is put back.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        var s = text.Trim();
        var space = s.LastIndexOf(' ');
        if (space > 10)
        {
            s = string.Concat(s.AsSpan(0, space), "+", s.AsSpan(space + 1));
        }

        if (s.Length < 20 || s[10] is not ('T' or 't')
            || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
        {
            return false;
        }

        utc = dto.UtcDateTime;
        return true;
    }

    /// <summary>RFC 3339 in UTC with as many fractional digits as needed (Go's RFC3339Nano shape).</summary>
    public static string Format(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
