namespace MediaBroker.Hooks;

/// <summary>
/// Connections that MistServer's triggers count but MediaMTX's runOnConnect does not see: an HLS viewer session, a
/// progressive HTTP response (<c>/&lt;path&gt;.flv</c>, ...) and a WebRTC session from its offer on. The output opens one
/// before it asks for the path (so the first path request can be refused as the connection's) and disposes the handle
/// when the session or response ends. Implemented by the triggers (CONN_OPEN, CONN_CLOSE, USER_END).
/// </summary>
public interface IViewerConnections
{
    /// <param name="connId">The id the output puts in its <see cref="Core.AccessRequest.ConnectionId"/>.</param>
    /// <param name="bytes">Read once when the handle is disposed: what the connection sent and received.</param>
    IDisposable Open(Guid connId, Func<ConnectionBytes> bytes);
}
