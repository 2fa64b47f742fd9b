using Microsoft.Extensions.Logging;

namespace MediaBroker.Auth;

// Auth event ids: 9000-9499.
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "authentication failed: {Reason} (user '{User}', ip {RemoteIp}, action {Action}, path '{Path}', protocol {Protocol})")]
    public static partial void Failed(ILogger logger, string reason, string user, string remoteIp, string action, string path, string protocol);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "authentication settings reloaded (method {Method})")]
    public static partial void Reloaded(ILogger logger, string method);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Error, Message = "authentication settings rejected, keeping the previous ones: {Errors}")]
    public static partial void ReloadRejected(ILogger logger, string errors);
}
