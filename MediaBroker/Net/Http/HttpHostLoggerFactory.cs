using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Net.Http;

/// <summary>
/// The broker's logger factory as a web host sees it, minus ASP.NET Core's per-request hosting diagnostics. Hosting
/// opens a logging scope for every request whenever its logger is enabled at any level (so that request lines could
/// carry a request id), and our logger is enabled for warnings: that was an AsyncLocal scope push and pop, and a
/// non-default ExecutionContext flowing through every await, on each playlist and part request. The hosting category
/// only logs request start/finish lines, which we log ourselves at debug (<see cref="HttpLog.Request"/>); Kestrel's
/// own categories (connection errors, unhandled application exceptions) still reach the broker's log.
/// It does not own the wrapped factory: disposing it leaves the broker's factory alone.
/// </summary>
internal sealed class HttpHostLoggerFactory : ILoggerFactory
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private readonly ILoggerFactory _inner;

    public HttpHostLoggerFactory(ILoggerFactory inner) => _inner = inner;

    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, HostingDiagnostics, StringComparison.Ordinal) ? NullLogger.Instance : _inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose()
    {
        // Owned by the broker.
    }
}
