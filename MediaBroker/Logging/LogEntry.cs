using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

/// <summary>One log event, captured on the caller's thread and formatted by the writer per destination.</summary>
/// <param name="Prefix">The tags, e.g. "[RTSP] [conn 1.2.3.4:5] " ("" when none).</param>
/// <param name="Fields">Structured values (only captured for structured output).</param>
internal sealed record LogEntry(
    DateTimeOffset Timestamp,
    LogLevel Level,
    string Category,
    int EventId,
    string Prefix,
    string Message,
    KeyValuePair<string, object?>[]? Fields,
    string? Exception);
