namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>MediaMTX's names of <see cref="RtspTunnel"/> values in the API.</summary>
internal static class RtspTunnelNames
{
    public static string ApiName(this RtspTunnel tunnel) => tunnel switch
    {
        RtspTunnel.Http => "http",
        RtspTunnel.WebSocket => "websocket",
        _ => "none",
    };
}
