using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaBroker.Record;

/// <summary>
/// A <c>recordPath</c> with MediaMTX's placeholders (<c>%path %Y %m %d %H %M %S %f %z %s</c>), turned into the file
/// name of a segment and back. The extension comes from the format (<c>.mp4</c> for fmp4, <c>.ts</c> for mpegts).
/// Times in names are local time, as MediaMTX writes them; a segment's start is recovered from its name alone, so
/// listing thousands of segments never opens a file.
/// </summary>
public sealed class RecordPathTemplate
{
    private static readonly string[] TimeTokens = ["%Y", "%m", "%d", "%H", "%M", "%S", "%f", "%z", "%s"];

    private readonly string _template;
    private readonly TimeZoneInfo _zone;
    private readonly Regex _pattern;

    public RecordPathTemplate(string template, string format, TimeZoneInfo? zone = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        _template = template.Replace('\\', '/');
        _zone = zone ?? TimeZoneInfo.Local;
        Extension = string.Equals(format, "mpegts", StringComparison.OrdinalIgnoreCase) ? ".ts" : ".mp4";
        _pattern = BuildPattern(_template, Extension);
    }

    /// <summary>".mp4" or ".ts".</summary>
    public string Extension { get; }

    /// <summary>The segment file of <paramref name="pathName"/> that starts at <paramref name="startUtc"/>.</summary>
    public string Format(string pathName, DateTime startUtc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), _zone);
        var offset = _zone.GetUtcOffset(startUtc);
        var micros = (startUtc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var sb = new StringBuilder(_template.Length + 32);
        for (var i = 0; i < _template.Length; i++)
        {
            if (_template[i] == '%' && i + 1 < _template.Length)
            {
                if (string.CompareOrdinal(_template, i, "%path", 0, 5) == 0)
                {
                    sb.Append(pathName);
                    i += 4;
                    continue;
                }

                var value = _template[i + 1] switch
                {
                    'Y' => local.Year.ToString("D4", CultureInfo.InvariantCulture),
                    'm' => local.Month.ToString("D2", CultureInfo.InvariantCulture),
                    'd' => local.Day.ToString("D2", CultureInfo.InvariantCulture),
                    'H' => local.Hour.ToString("D2", CultureInfo.InvariantCulture),
                    'M' => local.Minute.ToString("D2", CultureInfo.InvariantCulture),
                    'S' => local.Second.ToString("D2", CultureInfo.InvariantCulture),
                    'f' => micros.ToString("D6", CultureInfo.InvariantCulture),
                    'z' => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture),
                    's' => new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (value is not null)
                {
                    sb.Append(value);
                    i++;
                    continue;
                }
            }

            sb.Append(_template[i]);
        }

        return sb.Append(Extension).ToString();
    }

    /// <summary>
    /// The directory that holds every segment of <paramref name="pathName"/> (the template up to the last '/' before
    /// the first time placeholder), or of every path when <paramref name="pathName"/> is null.
    /// </summary>
    public string Root(string? pathName)
    {
        var t = pathName is null ? _template : _template.Replace("%path", pathName, StringComparison.Ordinal);
        var first = t.Length;
        foreach (var token in pathName is null ? [.. TimeTokens, "%path"] : TimeTokens)
        {
            var at = t.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0 && at < first)
            {
                first = at;
            }
        }

        var slash = t.LastIndexOf('/', Math.Max(0, first - 1));
        return slash < 0 ? "." : t[..slash];
    }

    /// <summary>Recovers the path name and the start time from a segment file name made by <see cref="Format"/>.</summary>
    public bool TryParse(string file, out string pathName, out DateTime startUtc)
    {
        pathName = "";
        startUtc = default;
        var m = _pattern.Match(file.Replace('\\', '/'));
        if (!m.Success)
        {
            return false;
        }

        pathName = m.Groups["path"].Success ? m.Groups["path"].Value : "";
        if (m.Groups["s"].Success)
        {
            var unix = DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture)).UtcDateTime;
            startUtc = unix.AddTicks(Micros(m) * 10);
            return true;
        }

        if (!(m.Groups["Y"].Success && m.Groups["m"].Success && m.Groups["d"].Success && m.Groups["H"].Success
            && m.Groups["M"].Success && m.Groups["S"].Success))
        {
            return false;
        }

        try
        {
            var local = new DateTime(Int(m, "Y"), Int(m, "m"), Int(m, "d"), Int(m, "H"), Int(m, "M"), Int(m, "S"), DateTimeKind.Unspecified)
                .AddTicks(Micros(m) * 10);
            startUtc = m.Groups["z"].Success
                ? DateTime.SpecifyKind(local - ParseOffset(m.Groups["z"].Value), DateTimeKind.Utc)
                : TimeZoneInfo.ConvertTimeToUtc(local, _zone);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Regex BuildPattern(string template, string extension)
    {
        var sb = new StringBuilder("^");
        var seen = new HashSet<char>();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '%' && string.CompareOrdinal(template, i, "%path", 0, 5) == 0)
            {
                sb.Append(seen.Add('p') ? "(?<path>.+?)" : ".+?");
                i += 4;
                continue;
            }

            if (template[i] == '%' && i + 1 < template.Length && "YmdHMSfzs".Contains(template[i + 1], StringComparison.Ordinal))
            {
                var c = template[i + 1];
                var body = c switch
                {
                    'Y' => @"\d{4}",
                    'f' => @"\d{6}",
                    'z' => @"[+-]\d{4}",
                    's' => @"\d+",
                    _ => @"\d{2}",
                };
                sb.Append(seen.Add(c) ? $"(?<{c}>{body})" : body);
                i++;
                continue;
            }

            sb.Append(Regex.Escape(template[i].ToString()));
        }

        sb.Append(Regex.Escape(extension)).Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static long Micros(Match m) => m.Groups["f"].Success ? long.Parse(m.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;

    private static TimeSpan ParseOffset(string z)
    {
        var span = new TimeSpan(int.Parse(z.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(z.AsSpan(3, 2), CultureInfo.InvariantCulture), 0);
        return z[0] == '-' ? -span : span;
    }
}
