using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>DTLS logging; WebRTC owns event ids 7xxx, DTLS uses 7100-7149.</summary>
internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "DTLS {Role} handshake complete, SRTP profile {Profile}")]
    public static partial void HandshakeComplete(ILogger logger, DtlsRole role, MediaBroker.Formats.Rtp.Srtp.SrtpProfile profile);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "DTLS {Role} handshake failed")]
    public static partial void HandshakeFailed(ILogger logger, DtlsRole role, Exception exception);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "DTLS {Role} raised alert {Level}/{Description}: {Reason}")]
    public static partial void AlertRaised(ILogger logger, DtlsRole role, byte level, byte description, string? reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "DTLS {Role} received alert {Level}/{Description}")]
    public static partial void AlertReceived(ILogger logger, DtlsRole role, byte level, byte description);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "DTLS {Role} receive loop ended")]
    public static partial void ReceiveLoopEnded(ILogger logger, DtlsRole role, Exception? exception);
}
