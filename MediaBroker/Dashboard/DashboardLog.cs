using Microsoft.Extensions.Logging;

namespace MediaBroker.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 9400, Level = LogLevel.Information, Message = "dashboard available at {Url}")]
    public static partial void Available(ILogger logger, string url);

    [LoggerMessage(EventId = 9401, Level = LogLevel.Information, Message = "dashboard sign-in of '{User}' from {RemoteIp}")]
    public static partial void SignedIn(ILogger logger, string user, string remoteIp);

    [LoggerMessage(EventId = 9402, Level = LogLevel.Warning, Message = "dashboard sign-in refused for '{User}' from {RemoteIp}")]
    public static partial void SignInRefused(ILogger logger, string user, string remoteIp);

    [LoggerMessage(EventId = 9403, Level = LogLevel.Debug, Message = "dashboard log viewer connected from {RemoteIp}")]
    public static partial void LogViewerConnected(ILogger logger, string remoteIp);

    [LoggerMessage(EventId = 9404, Level = LogLevel.Debug, Message = "dashboard log viewer from {RemoteIp} closed: {Reason}")]
    public static partial void LogViewerClosed(ILogger logger, string remoteIp, string reason);
}
