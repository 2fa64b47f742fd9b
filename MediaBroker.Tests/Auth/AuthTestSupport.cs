using System.Collections.Concurrent;
using System.Net;
using MediaBroker.Auth;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaBroker.Tests.Auth;

/// <summary>Counts anti brute-force pauses instead of waiting.</summary>
internal sealed class RecordingDelay : IAuthFailureDelay
{
    private int _count;

    public int Count => _count;

    public ValueTask DelayAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Collects formatted log messages.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>A fact that needs libsodium; skipped when it is missing, except on CI (CI=true) where that is a failure.</summary>
internal sealed class RequiresLibsodiumFactAttribute : FactAttribute
{
    public RequiresLibsodiumFactAttribute()
    {
        if (SodiumPasswordHash.TryLoad() is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "libsodium is not installed (apt-get install libsodium23)";
        }
    }
}

internal static class AuthRequests
{
    public static AuthRequest Make(AuthAction action, string path = "", string user = "", string pass = "", string ip = "1.2.3.4",
        string protocol = AuthProtocol.Rtsp) => new()
        {
            Action = action,
            Path = path,
            User = user,
            Password = pass,
            RemoteIp = IPAddress.Parse(ip),
            Protocol = protocol,
        };
}
