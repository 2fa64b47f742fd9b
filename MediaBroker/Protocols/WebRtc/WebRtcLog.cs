using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>WebRTC server logging; event ids 7000-7099 (DTLS uses 7100-7149).</summary>
internal static partial class WebRtcLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "listener opened on {EndPoint} (HTTP), {UdpEndPoint} (ICE/UDP)")]
    public static partial void Listening(ILogger logger, string endPoint, string udpEndPoint);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "listener is closing")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "session {SessionId} created by {RemoteAddress}: {State} {Path}")]
    public static partial void SessionCreated(ILogger logger, Guid sessionId, string remoteAddress, string state, string path);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "session {SessionId} established: {LocalCandidate} <-> {RemoteCandidate}, {Tracks}")]
    public static partial void SessionEstablished(ILogger logger, Guid sessionId, string localCandidate, string remoteCandidate, string tracks);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "session {SessionId} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "session {SessionId} failed")]
    public static partial void SessionFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "ICE/UDP receive error")]
    public static partial void ReceiveError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Debug, Message = "ICE check from {RemoteEndPoint}: {Status}")]
    public static partial void IceCheck(ILogger logger, IPEndPoint remoteEndPoint, Ice.IceCheckStatus status);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "{Method} {Path}: {Status} {Message}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int status, string message);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Debug, Message = "DTLS pre-warm finished in {Milliseconds} ms")]
    public static partial void PreWarmed(ILogger logger, long milliseconds);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "DTLS pre-warm failed")]
    public static partial void PreWarmFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Debug, Message = "session {SessionId}: SRTP {Kind} packet rejected: {Result}")]
    public static partial void SrtpRejected(ILogger logger, Guid sessionId, string kind, MediaBroker.Formats.Rtp.Srtp.SrtpResult result);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug, Message = "session {SessionId}: keyframe requested by the reader (PLI/FIR); forwarded to the publisher")]
    public static partial void KeyFrameRequested(ILogger logger, Guid sessionId);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "cannot resolve webrtcAdditionalHosts entry {Host}: {Reason}")]
    public static partial void HostUnresolved(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 1920, Level = LogLevel.Warning, Message = "STUN server {Host}:{Port} gave no server-reflexive address: {Reason}")]
    public static partial void StunGatherFailed(ILogger logger, string host, int port, string reason);
}
