using System.Security.Cryptography;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>The opening handshake of RFC 6455 §4 for RTSP over WebSocket, as gortsplib (MediaMTX) speaks it.</summary>
public static class WebSocketHandshake
{
    /// <summary>The subprotocol RTSP-over-WebSocket clients ask for (ONVIF streaming spec; gortsplib, MediaMTX).</summary>
    public const string Subprotocol = "rtsp.onvif.org";

    /// <summary>RFC 6455 §1.3: Sec-WebSocket-Accept is base64(SHA-1(key + this GUID)).</summary>
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static string AcceptKey(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + KeyGuid)));

    /// <summary>Whether a request asks to upgrade to a WebSocket.</summary>
    public static bool IsUpgrade(HttpTunnelRequest request) =>
        request.Method == "GET" && request.HeaderHasToken("Upgrade", "websocket");

    /// <summary>The 101 answer, or throws when the request is not a usable version-13 upgrade.</summary>
    public static string Accept(HttpTunnelRequest request)
    {
        if (!request.HeaderHasToken("Connection", "upgrade"))
        {
            throw new RtspTunnelException("WebSocket upgrade without 'Connection: Upgrade'");
        }

        if (request.Header("Sec-WebSocket-Version")?.Trim() != "13")
        {
            throw new RtspTunnelException("WebSocket upgrade with a version other than 13");
        }

        if (request.Header("Sec-WebSocket-Key") is not { } key || !IsValidKey(key.Trim()))
        {
            throw new RtspTunnelException("WebSocket upgrade without a valid Sec-WebSocket-Key");
        }

        var response = new StringBuilder()
            .Append("HTTP/1.1 101 Switching Protocols\r\n")
            .Append("Upgrade: websocket\r\n")
            .Append("Connection: Upgrade\r\n")
            .Append("Sec-WebSocket-Accept: ").Append(AcceptKey(key)).Append("\r\n");
        if (request.HeaderHasToken("Sec-WebSocket-Protocol", Subprotocol))
        {
            response.Append("Sec-WebSocket-Protocol: ").Append(Subprotocol).Append("\r\n");
        }

        return response.Append("\r\n").ToString();
    }

    /// <summary>§4.1: the key is 16 random bytes, base64-encoded.</summary>
    private static bool IsValidKey(string key)
    {
        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64String(key, bytes, out var n) && n == 16;
    }
}
