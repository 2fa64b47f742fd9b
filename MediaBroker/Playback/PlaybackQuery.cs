using System.Globalization;
using MediaBroker.Record;

namespace MediaBroker.Playback;

/// <summary>The time parameters of /list and /get: RFC 3339 instants and durations in seconds (or Go's "1m30s", deprecated).</summary>
internal static class PlaybackQuery
{
    public static bool TryParseTime(string? text, out DateTime utc) => RecordTime.TryParse(text, out utc);

    public static string FormatTime(DateTime utc) => RecordTime.Format(utc);

    /// <summary>Seconds as a decimal number ("30", "2.5") or a Go duration ("1m30s", "500ms"); positive and finite.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return FromSeconds(seconds, out duration);
        }

        double total = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var n = 0;
            while (n < rest.Length && (char.IsAsciiDigit(rest[n]) || rest[n] == '.'))
            {
                n++;
            }

            var u = n;
            while (u < rest.Length && !char.IsAsciiDigit(rest[u]) && rest[u] != '.')
            {
                u++;
            }

            if (n == 0 || !double.TryParse(rest[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            double? scale = rest[n..u] switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 1e-3,
                "us" or "µs" => 1e-6,
                "ns" => 1e-9,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            total += value * scale.Value;
            rest = rest[u..];
        }

        return FromSeconds(total, out duration);
    }

    /// <summary>
    /// The end of an interval: <paramref name="start"/> + <paramref name="duration"/>, or the last representable instant
    /// when that sum would pass it (a start in year 9999 with a long duration would otherwise throw: a 500, not an answer).
    /// </summary>
    public static DateTime End(DateTime start, TimeSpan duration) =>
        duration >= DateTime.MaxValue - start ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : start + duration;

    private static bool FromSeconds(double seconds, out TimeSpan duration)
    {
        duration = default;
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}
