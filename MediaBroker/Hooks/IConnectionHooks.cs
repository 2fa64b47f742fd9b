namespace MediaBroker.Hooks;

/// <summary>
/// runOnConnect/runOnDisconnect as the protocol servers see them: a connection calls <see cref="OnConnect"/> when it
/// is accepted and disposes the handle when it closes. Implemented by <see cref="HookManager"/>.
/// </summary>
public interface IConnectionHooks
{
    /// <param name="connType">MediaMTX's MTX_CONN_TYPE: rtspConn, rtspsConn, rtmpConn, rtmpsConn, srtConn, webRTCSession.</param>
    IDisposable OnConnect(string connType, Guid connId);
}
