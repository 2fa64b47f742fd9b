using Microsoft.Extensions.Logging;

namespace MediaBroker.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "[conf] {Server} server restarting: its configuration changed")]
    public static partial void ServerRestarting(ILogger logger, string server);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "[conf] {Server} server failed to start: {Reason}")]
    public static partial void ServerStartFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "[conf] {Server} server did not stop cleanly: {Reason}")]
    public static partial void ServerStopFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "[conf] configuration reloaded from {File}: {Summary}")]
    public static partial void Reloaded(ILogger logger, string file, string summary);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "[conf] reload of {File} rejected, the running configuration stays: {Errors}")]
    public static partial void ReloadRejected(ILogger logger, string file, string errors);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "[conf] {Warning}")]
    public static partial void ConfWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "MediaBroker {Version} started")]
    public static partial void Started(ILogger logger, string version);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "[conf] configuration loaded from {File}")]
    public static partial void ConfLoaded(ILogger logger, string file);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "MediaBroker is shutting down")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "MediaBroker could not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason);
}
