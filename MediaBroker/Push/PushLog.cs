using Microsoft.Extensions.Logging;

namespace MediaBroker.Push;

internal static partial class PushLog
{
    [LoggerMessage(EventId = 9844, Level = LogLevel.Error, Message = "[auto-push {Rule}] cannot push {Path} to {Target}: {Reason}")]
    public static partial void AutoPushRefused(ILogger logger, string rule, string path, string target, string reason);
}
