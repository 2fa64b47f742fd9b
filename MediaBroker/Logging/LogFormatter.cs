using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

/// <summary>
/// The line formats: MediaMTX's text (<c>2006/01/02 15:04:05 INF [RTSP] [conn 1.2.3.4:5] msg</c>), JSON lines
/// (<c>{"timestamp","level","message",...fields}</c>) and the RFC 3164 syslog datagram.
/// </summary>
internal static class LogFormatter
{
    public static string LevelTag(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "ERR",
        LogLevel.Warning => "WAR",
        LogLevel.Information => "INF",
        _ => "DEB",
    };

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "error",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        LogLevel.Debug => "debug",
        _ => "trace",
    };

    public static void AppendText(StringBuilder sb, LogEntry e)
    {
        sb.Append(e.Timestamp.ToString("yyyy'/'MM'/'dd HH':'mm':'ss", CultureInfo.InvariantCulture))
          .Append(' ').Append(LevelTag(e.Level)).Append(' ')
          .Append(e.Prefix).Append(e.Message);
        if (e.Exception is not null)
        {
            sb.Append('\n').Append(e.Exception);
        }

        sb.Append('\n');
    }

    public static void WriteJson(Utf8JsonWriter json, LogEntry e)
    {
        json.WriteStartObject();
        json.WriteString("timestamp", e.Timestamp);
        json.WriteString("level", LevelName(e.Level));
        json.WriteString("message", e.Prefix + e.Message);
        json.WriteString("category", e.Category);
        if (e.EventId != 0)
        {
            json.WriteNumber("eventId", e.EventId);
        }

        foreach (var (key, value) in e.Fields ?? [])
        {
            if (key is "timestamp" or "level" or "message" or "category" or "eventId" or "exception" or "{OriginalFormat}")
            {
                continue;
            }

            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        if (e.Exception is not null)
        {
            json.WriteString("exception", e.Exception);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// RFC 3164 §4.1 as the local syslog daemons read it (glibc's syslog(3) omits HOSTNAME on /dev/log):
    /// <c>&lt;PRI&gt;Mmm dd hh:mm:ss TAG[pid]: MSG</c>, facility daemon (3).
    /// </summary>
    public static string Syslog(LogEntry e, string tag, int pid)
    {
        var severity = e.Level switch
        {
            LogLevel.Critical => 2,
            LogLevel.Error => 3,
            LogLevel.Warning => 4,
            LogLevel.Information => 6,
            _ => 7,
        };
        var pri = (3 * 8) + severity;
        var ts = e.Timestamp;

        // §4.1.2: the day is space-padded ("Nov  2").
        return string.Create(CultureInfo.InvariantCulture,
            $"<{pri}>{ts.ToString("MMM", CultureInfo.InvariantCulture)} {ts.Day,2} {ts:HH':'mm':'ss} {tag}[{pid}]: {LevelTag(e.Level)} {e.Prefix}{e.Message}");
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case uint ui: json.WriteNumberValue(ui); break;
            case ulong ul: json.WriteNumberValue(ul); break;
            case short sh: json.WriteNumberValue(sh); break;
            case ushort us: json.WriteNumberValue(us); break;
            case byte by: json.WriteNumberValue(by); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case DateTimeOffset dto: json.WriteStringValue(dto); break;
            case DateTime dt: json.WriteStringValue(dt); break;
            case Guid g: json.WriteStringValue(g); break;
            case TimeSpan ts: json.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture)); break;
            case IFormattable fmt: json.WriteStringValue(fmt.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }
}
