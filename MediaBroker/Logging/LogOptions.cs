using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

/// <summary>
/// The log keys (<c>logLevel</c>, <c>logDestinations</c>, <c>logStructured</c>, <c>logFile</c>,
/// <c>sysLogPrefix</c>), mapped by the composition root from the configuration. All are hot-reloadable.
/// </summary>
public sealed record LogOptions
{
    /// <summary><c>error</c>, <c>warn</c>, <c>info</c>, <c>debug</c>, or <c>trace</c> (debug plus per-packet detail; not in MediaMTX).</summary>
    public string Level { get; init; } = "info";

    /// <summary>Any of <c>stdout</c>, <c>file</c>, <c>syslog</c>.</summary>
    public ImmutableArray<string> Destinations { get; init; } = ["stdout"];

    /// <summary>JSON lines instead of text, for stdout and file.</summary>
    public bool Structured { get; init; }
    public string File { get; init; } = "mediabroker.log";
    public string SysLogPrefix { get; init; } = "mediabroker";

    /// <summary>The local syslog socket; tests point it elsewhere.</summary>
    internal string SysLogSocket { get; init; } = "/dev/log";

    /// <summary>Maps a <c>logLevel</c> value to the minimum <see cref="LogLevel"/>.</summary>
    public static bool TryParseLevel(string? name, out LogLevel level)
    {
        switch (name?.ToLowerInvariant())
        {
            case "error": level = LogLevel.Error; return true;
            case "warn": level = LogLevel.Warning; return true;
            case "info": level = LogLevel.Information; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "trace": level = LogLevel.Trace; return true;
            default: level = LogLevel.None; return false;
        }
    }

    /// <summary>Every problem in these options; empty when they are valid.</summary>
    public ImmutableArray<string> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        if (!TryParseLevel(Level, out _))
        {
            errors.Add($"invalid logLevel '{Level}' (expected error, warn, info, debug or trace)");
        }

        foreach (var d in Destinations.IsDefault ? [] : Destinations)
        {
            if (d is not ("stdout" or "file" or "syslog"))
            {
                errors.Add($"invalid log destination '{d}' (expected stdout, file or syslog)");
            }
        }

        if (HasDestination("file") && string.IsNullOrWhiteSpace(File))
        {
            errors.Add("logFile must be set when logDestinations contains file");
        }

        return errors.ToImmutable();
    }

    internal bool HasDestination(string name) => !Destinations.IsDefault && Destinations.Contains(name);
}
