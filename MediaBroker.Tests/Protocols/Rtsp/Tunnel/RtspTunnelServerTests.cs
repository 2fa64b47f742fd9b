using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Tunnel;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

/// <summary>
/// Byte-level clients of the tunnels: the WebSocket framing as a client speaks it, and malformed input (bad base64,
/// a cookie that matches nothing, an oversized header) closing that connection and nothing else.
/// </summary>
public sealed class RtspTunnelServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WebSocket_OptionsAndPing_AnsweredInBinaryMessagesAndApiSaysWebsocket()
    {
        await using var server = await RtspTestServer.StartAsync();
        using var ws = await ConnectAsync(server);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await SendAsync(ws, $"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: rtsp.onvif.org\r\n\r\n");
        var answer = await ReadHeaderAsync(ws);
        answer.Should().StartWith("HTTP/1.1 101").And.Contain("Sec-WebSocket-Accept: " + WebSocketHandshake.AcceptKey(key)).And.Contain("Sec-WebSocket-Protocol: rtsp.onvif.org");

        // The request split over two binary messages: boundaries do not matter, the bytes do.
        var options = Encoding.ASCII.GetBytes($"OPTIONS {server.Url}/x RTSP/1.0\r\nCSeq: 7\r\n\r\n");
        await SendFrameAsync(ws, WebSocketOpcode.Binary, options[..10]);
        await SendFrameAsync(ws, WebSocketOpcode.Binary, options[10..]);
        var (opcode, payload) = await ReadFrameAsync(ws);
        opcode.Should().Be(WebSocketOpcode.Binary);
        Encoding.ASCII.GetString(payload).Should().StartWith("RTSP/1.0 200 OK").And.Contain("CSeq: 7");
        server.Server.Connections.Should().ContainSingle().Which.Tunnel.Should().Be("websocket");

        await SendFrameAsync(ws, WebSocketOpcode.Ping, "beat"u8.ToArray());
        var pong = await ReadFrameAsync(ws);
        pong.Opcode.Should().Be(WebSocketOpcode.Pong);
        pong.Payload.Should().Equal("beat"u8.ToArray());

        await SendFrameAsync(ws, WebSocketOpcode.Close, [0x03, 0xE8]);
        (await ReadFrameAsync(ws)).Opcode.Should().Be(WebSocketOpcode.Close);
        (await RtspTunnelInteropTests.WaitAsync(() => server.Server.Connections.Count == 0, Timeout)).Should().BeTrue();
    }

    [Fact]
    public async Task HttpTunnel_SetupUdp_Refused461AndTcpAccepted()
    {
        await using var server = await RtspTestServer.StartAsync();
        using var tunnel = await OpenHttpTunnelAsync(server, "c00kie1");
        var (get, post) = (tunnel.Get, tunnel.Post);
        var announce = $"ANNOUNCE {server.Url}/t RTSP/1.0\r\nCSeq: 1\r\nContent-Type: application/sdp\r\nContent-Length: {Sdp.Length}\r\n\r\n{Sdp}";
        await SendAsync(post, Convert.ToBase64String(Encoding.ASCII.GetBytes(announce)));
        var announced = await ReadHeaderAsync(get);
        announced.Should().StartWith("RTSP/1.0 200");
        var session = announced.Split("\r\n").First(l => l.StartsWith("Session:", StringComparison.Ordinal))[8..].Split(';')[0].Trim();

        await SendAsync(post, Convert.ToBase64String(Encoding.ASCII.GetBytes(
            $"SETUP {server.Url}/t/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nSession: {session}\r\nTransport: RTP/AVP;unicast;client_port=5000-5001;mode=record\r\n\r\n")));
        (await ReadHeaderAsync(get)).Should().StartWith("RTSP/1.0 461");

        await SendAsync(post, Convert.ToBase64String(Encoding.ASCII.GetBytes(
            $"SETUP {server.Url}/t/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nSession: {session}\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n\r\n")));
        (await ReadHeaderAsync(get)).Should().StartWith("RTSP/1.0 200").And.Contain("interleaved=0-1");
    }

    [Fact]
    public async Task HttpTunnel_BadBase64_ClosesThatTunnelOnly()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var bystander = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        using var tunnel = await OpenHttpTunnelAsync(server, "c00kie2");
        var (get, post) = (tunnel.Get, tunnel.Post);
        await SendAsync(post, Convert.ToBase64String(Encoding.ASCII.GetBytes($"OPTIONS {server.Url}/x RTSP/1.0\r\nCSeq: 1\r\n\r\n")));
        (await ReadHeaderAsync(get)).Should().StartWith("RTSP/1.0 200");

        await SendAsync(post, "T1BU*U9OUyBydHNw");

        (await ReadToEndAsync(get)).Should().BeTrue("the GET closes");
        (await ReadToEndAsync(post)).Should().BeTrue("the POST closes");
        (await bystander.RequestAsync("OPTIONS", server.Url + "/x")).StatusCode.Should().Be(200, "other connections are not affected");

        // The server forgets the tunnel's connections when their tasks end, just after the client saw them close.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (server.Server.Connections.Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        server.Server.Connections.Should().ContainSingle().Which.Tunnel.Should().Be("none");
    }

    [Fact]
    public async Task HttpTunnel_PostWithUnknownCookie_Answered404AndClosed()
    {
        await using var server = await RtspTestServer.StartAsync();
        using var tunnel = await OpenHttpTunnelAsync(server, "known");
        using var stray = await ConnectAsync(server);

        await SendAsync(stray, "POST /x HTTP/1.1\r\nx-sessioncookie: unknown\r\nContent-Type: application/x-rtsp-tunnelled\r\nContent-Length: 32767\r\n\r\n");

        (await ReadHeaderAsync(stray)).Should().StartWith("HTTP/1.1 404");
        (await ReadToEndAsync(stray)).Should().BeTrue();
        server.Server.Connections.Should().ContainSingle().Which.Tunnel.Should().Be("http", "the other tunnel stays open");
    }

    [Fact]
    public async Task Http_OversizedHeader_Answered400AndClosed()
    {
        await using var server = await RtspTestServer.StartAsync();
        using var client = await ConnectAsync(server);

        await SendAsync(client, "GET / HTTP/1.1\r\nx-sessioncookie: a\r\nX-Pad: " + new string('p', HttpTunnelRequest.MaxHeaderBytes + 100));

        (await ReadHeaderAsync(client)).Should().StartWith("HTTP/1.1 400");
        (await ReadToEndAsync(client)).Should().BeTrue();
        server.Server.Connections.Should().BeEmpty();
    }

    private const string Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=t\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
        + "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LADJZUCg/QgAAAAwCAAAAZR4oVSA==,aM48gA==\r\na=control:trackID=0\r\n";

    private static async Task<TcpClient> ConnectAsync(RtspTestServer server)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", server.Server.BoundEndPoint!.Port).WaitAsync(Timeout);
        return tcp;
    }

    private static async Task<TunnelPair> OpenHttpTunnelAsync(RtspTestServer server, string cookie)
    {
        var get = await ConnectAsync(server);
        await SendAsync(get, $"GET /t HTTP/1.1\r\nx-sessioncookie: {cookie}\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n");
        (await ReadHeaderAsync(get)).Should().StartWith("HTTP/1.0 200").And.Contain("application/x-rtsp-tunnelled");
        var post = await ConnectAsync(server);
        await SendAsync(post, $"POST /t HTTP/1.1\r\nx-sessioncookie: {cookie}\r\nContent-Type: application/x-rtsp-tunnelled\r\nContent-Length: 32767\r\n\r\n");
        return new TunnelPair(get, post);
    }

    private static Task SendAsync(TcpClient tcp, string text) => tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask().WaitAsync(Timeout);

    private static async Task SendFrameAsync(TcpClient tcp, WebSocketOpcode opcode, byte[] payload)
    {
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[WebSocketFrame.MaxHeaderBytes + payload.Length];
        var header = WebSocketFrame.WriteHeader(frame, opcode, payload.Length, mask);
        payload.CopyTo(frame, header);
        WebSocketFrame.ApplyMask(frame.AsSpan(header, payload.Length), mask, 0);
        await tcp.GetStream().WriteAsync(frame.AsMemory(0, header + payload.Length)).AsTask().WaitAsync(Timeout);
    }

    /// <summary>Reads byte by byte up to the blank line: an HTTP header or an RTSP response without a body.</summary>
    private static async Task<string> ReadHeaderAsync(TcpClient tcp)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await tcp.GetStream().ReadAsync(one).AsTask().WaitAsync(Timeout);
            if (n == 0)
            {
                break;
            }

            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    private static async Task<(WebSocketOpcode Opcode, byte[] Payload)> ReadFrameAsync(TcpClient tcp)
    {
        var stream = tcp.GetStream();
        var head = new byte[2];
        await stream.ReadExactlyAsync(head).AsTask().WaitAsync(Timeout);
        ((head[1] & 0x80) == 0).Should().BeTrue("a server does not mask its frames");
        long length = head[1] & 0x7F;
        if (length >= 126)
        {
            var ext = new byte[length == 126 ? 2 : 8];
            await stream.ReadExactlyAsync(ext).AsTask().WaitAsync(Timeout);
            length = ext.Aggregate(0L, (a, b) => (a << 8) | b);
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload).AsTask().WaitAsync(Timeout);
        return ((WebSocketOpcode)(head[0] & 0x0F), payload);
    }

    /// <summary>True when the server closes the connection (whatever it still sent first).</summary>
    private static async Task<bool> ReadToEndAsync(TcpClient tcp)
    {
        var buffer = new byte[4096];
        try
        {
            while (await tcp.GetStream().ReadAsync(buffer).AsTask().WaitAsync(Timeout) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private sealed record TunnelPair(TcpClient Get, TcpClient Post) : IDisposable
    {
        public void Dispose()
        {
            Get.Dispose();
            Post.Dispose();
        }
    }
}
