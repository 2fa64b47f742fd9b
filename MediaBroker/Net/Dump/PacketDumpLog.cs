using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Dump;

internal static partial class PacketDumpLog
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "dumpPackets: writing {Path}")]
    public static partial void Opened(ILogger logger, string path);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "dumpPackets: cannot create {Path}: {Error}")]
    public static partial void OpenFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "dumpPackets: writing {Path} failed, the rest of this connection is not dumped: {Error}")]
    public static partial void WriteFailed(ILogger logger, string path, string error);
}
