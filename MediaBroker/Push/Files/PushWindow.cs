namespace MediaBroker.Push.Files;

/// <summary>
/// MistServer's time window of a file push: <c>recstart</c>/<c>recstop</c> in milliseconds of media time (the stream's
/// own timestamps), <c>recstartunix</c>/<c>recstopunix</c> in Unix seconds of server time, each unix bound replacing
/// its media-time one. The file starts at the first video key frame at or after the start and ends at the stop.
/// Unix bounds are compared with each unit's capture time, not with the clock when the push writes it: a publisher
/// that falls behind real time, or a writer that drains late, still gets the media of the window it asked for.
/// </summary>
public sealed record PushWindow(long? StartMs, long? StopMs, DateTimeOffset? StartUnix, DateTimeOffset? StopUnix)
{
    public static PushWindow Always { get; } = new(null, null, null, null);

    /// <summary>True while a unit at <paramref name="mediaMs"/> captured at <paramref name="captured"/> is before the window.</summary>
    public bool BeforeStart(long mediaMs, DateTime captured) =>
        StartUnix is { } start ? CaptureUtc(captured) < start.UtcDateTime : StartMs is { } ms && mediaMs < ms;

    /// <summary>True once a unit at <paramref name="mediaMs"/> captured at <paramref name="captured"/> reached the end of the window.</summary>
    public bool Ended(long mediaMs, DateTime captured) =>
        StopUnix is { } stop ? CaptureUtc(captured) >= stop.UtcDateTime : StopMs is { } ms && mediaMs >= ms;

    /// <summary>A unit's capture time in UTC; a unit that carries none counts as captured now.</summary>
    private static DateTime CaptureUtc(DateTime captured) =>
        captured == default ? DateTime.UtcNow : captured.Kind == DateTimeKind.Local ? captured.ToUniversalTime() : captured;

    /// <summary>Reads the parameters of a target's query; false with a readable <paramref name="error"/>.</summary>
    public static bool TryParse(string query, out PushWindow window, out string error)
    {
        window = Always;
        long? start = null, stop = null, startUnix = null, stopUnix = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            if (name is not ("recstart" or "recstop" or "recstartunix" or "recstopunix"))
            {
                error = $"target parameter '{name}' is not supported (file pushes take recstart, recstop, recstartunix and "
                    + "recstopunix; split, video, audio... are MistServer features MediaBroker does not implement)";
                return false;
            }

            if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                error = $"target parameter '{name}' must be a non-negative whole number, not '{value}'";
                return false;
            }

            // Repeated parameters: the last one counts, as in MistServer.
            switch (name)
            {
                case "recstart": start = n; break;
                case "recstop": stop = n; break;
                case "recstartunix": startUnix = n; break;
                default: stopUnix = n; break;
            }
        }

        bool backwards = (startUnix, stopUnix) is ({ } su, { } eu) ? eu <= su
            : startUnix is null && stopUnix is null && start is { } s && stop is { } e && e <= s;
        if (backwards)
        {
            error = "the push would stop before it starts (recstop/recstopunix must be after recstart/recstartunix)";
            return false;
        }

        window = new PushWindow(start, stop, startUnix is { } a ? DateTimeOffset.FromUnixTimeSeconds(a) : null,
            stopUnix is { } b ? DateTimeOffset.FromUnixTimeSeconds(b) : null);
        error = "";
        return true;
    }
}
