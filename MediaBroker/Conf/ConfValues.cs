using System.Globalization;
using System.Text;

namespace MediaBroker.Conf;

/// <summary>Parses and formats MediaMTX's scalar value syntaxes: booleans, durations and sizes.</summary>
public static class ConfValues
{
    private const long Kib = 1024;

    /// <summary>YAML 1.1 booleans as MediaMTX accepts them: true/false, yes/no, on/off, in any letter case.</summary>
    public static bool TryParseBool(string s, out bool value)
    {
        switch (s.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON":
                value = true;
                return true;
            case "FALSE" or "NO" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// A Go duration (<c>300ms</c>, <c>1.5h</c>, <c>1h30m</c>; units ns, us, µs, ms, s, m, h) with an optional leading
    /// day count (<c>1d</c>, <c>2d12h</c>), as MediaMTX writes durations.
    /// </summary>
    public static bool TryParseDuration(string s, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        s = s.Trim();
        if (s.Length == 0) return false;
        bool negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        if (s == "0")
        {
            return true;
        }

        decimal totalNs = 0;
        int i = 0;
        bool any = false;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            if (!decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal n))
            {
                return false;
            }

            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            decimal unitNs = s[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                "d" when !any => 86_400_000_000_000m, // days only lead, as in MediaMTX
                _ => -1m,
            };
            if (unitNs < 0) return false;
            totalNs += n * unitNs;
            any = true;
        }

        decimal ticks = totalNs / 100m;
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)ticks);
        if (negative) value = -value;
        return true;
    }

    /// <summary>Formats like MediaMTX: whole days as <c>Nd</c>, the rest in Go's style (<c>1h0m0s</c>, <c>200ms</c>).</summary>
    public static string FormatDuration(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        var sb = new StringBuilder();
        if (d < TimeSpan.Zero)
        {
            sb.Append('-');
            d = d.Duration();
        }

        if (d.Days > 0) sb.Append(d.Days).Append('d');
        TimeSpan rest = d - TimeSpan.FromDays(d.Days);
        if (rest == TimeSpan.Zero) return sb.ToString();
        if (rest < TimeSpan.FromSeconds(1))
        {
            // Below a second Go uses the largest unit that keeps an integer part.
            long ns = rest.Ticks * 100;
            return ns >= 1_000_000 ? sb.Append(Fraction(ns, 1_000_000)).Append("ms").ToString()
                : ns >= 1_000 ? sb.Append(Fraction(ns, 1_000)).Append("µs").ToString()
                : sb.Append(ns).Append("ns").ToString();
        }

        int hours = (int)rest.TotalHours;
        if (hours > 0) sb.Append(hours).Append('h');
        if (hours > 0 || rest.Minutes > 0) sb.Append(rest.Minutes).Append('m');
        long secNs = ((rest.Ticks % TimeSpan.TicksPerMinute) * 100);
        return sb.Append(Fraction(secNs, 1_000_000_000)).Append('s').ToString();
    }

    /// <summary>
    /// A byte size as MediaMTX reads it: a number and a unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB, all
    /// 1024-based, any case (<c>50M</c> = 52428800). A bare integer is taken as bytes.
    /// </summary>
    public static bool TryParseSize(string s, out long value)
    {
        value = 0;
        s = s.Trim().ToUpperInvariant();
        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !decimal.TryParse(s.AsSpan(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal n))
        {
            return false;
        }

        long unit = s[i..].Trim() switch
        {
            "" when !s.Contains('.', StringComparison.Ordinal) => 1,
            "B" => 1,
            "K" or "KB" or "KIB" => Kib,
            "M" or "MB" or "MIB" => Kib * Kib,
            "G" or "GB" or "GIB" => Kib * Kib * Kib,
            "T" or "TB" or "TIB" => Kib * Kib * Kib * Kib,
            _ => -1,
        };
        if (unit < 0) return false;
        decimal bytes = n * unit;
        if (bytes > long.MaxValue) return false;
        value = (long)bytes;
        return true;
    }

    /// <summary>
    /// Formats with the largest 1024-based unit that keeps at most one decimal exact (<c>50M</c>, <c>1.5K</c>), so the
    /// text parses back to the same byte count.
    /// </summary>
    public static string FormatSize(long bytes)
    {
        ReadOnlySpan<(long Unit, string Suffix)> units =
            [(Kib * Kib * Kib * Kib, "T"), (Kib * Kib * Kib, "G"), (Kib * Kib, "M"), (Kib, "K")];
        foreach ((long unit, string suffix) in units)
        {
            decimal v = (decimal)bytes / unit;
            if (bytes >= unit && decimal.Round(v, 1) == v)
            {
                return v.ToString("0.#", CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }

    private static string Fraction(long value, long unit)
    {
        decimal v = (decimal)value / unit;
        return v.ToString("0.#########", CultureInfo.InvariantCulture);
    }
}
