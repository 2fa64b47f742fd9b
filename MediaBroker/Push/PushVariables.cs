using System.Globalization;
using System.Text;

namespace MediaBroker.Push;

/// <summary>
/// MistServer's target URL variables, substituted once when a push starts: <c>$stream</c> (the whole path name),
/// <c>$basename</c> and <c>$wildcard</c> (the parts before and after its first '+' or '/': MistServer's wildcard
/// separator is '+', which path names cannot contain here, so '/' plays its part), <c>$year</c>, <c>$month</c>,
/// <c>$day</c>, <c>$hour</c>, <c>$minute</c>, <c>$second</c> (or <c>$seconds</c>), <c>$datetime</c>
/// (<c>$year.$month.$day.$hour.$minute.$second</c>) and <c>$unixtime</c>, all in UTC. Any other <c>$word</c> is kept
/// as written. Pure: the time is an argument.
/// </summary>
public static class PushVariables
{
    // Longest names first where one is a prefix of another ($seconds/$second, $datetime/$day is not, but order is harmless).
    private static readonly string[] Names =
        ["stream", "basename", "wildcard", "datetime", "unixtime", "year", "month", "day", "hour", "minute", "seconds", "second"];

    public static string Substitute(string template, string pathName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(pathName);
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var utc = now.UtcDateTime;
        var plus = pathName.AsSpan().IndexOfAny('+', '/');
        var sb = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$' || Match(template, i + 1) is not { } name)
            {
                sb.Append(c);
                i++;
                continue;
            }

            sb.Append(name switch
            {
                "stream" => pathName,
                "basename" => plus < 0 ? pathName : pathName[..plus],
                "wildcard" => plus < 0 ? "" : pathName[(plus + 1)..],
                "datetime" => utc.ToString("yyyy.MM.dd.HH.mm.ss", CultureInfo.InvariantCulture),
                "unixtime" => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                "year" => utc.ToString("yyyy", CultureInfo.InvariantCulture),
                "month" => utc.ToString("MM", CultureInfo.InvariantCulture),
                "day" => utc.ToString("dd", CultureInfo.InvariantCulture),
                "hour" => utc.ToString("HH", CultureInfo.InvariantCulture),
                "minute" => utc.ToString("mm", CultureInfo.InvariantCulture),
                _ => utc.ToString("ss", CultureInfo.InvariantCulture),
            });
            i += 1 + name.Length;
        }

        return sb.ToString();
    }

    private static string? Match(string s, int at)
    {
        foreach (var name in Names)
        {
            if (string.CompareOrdinal(s, at, name, 0, name.Length) == 0)
            {
                return name;
            }
        }

        return null;
    }
}
