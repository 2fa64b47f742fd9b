using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Net.Dump;

/// <summary><c>dumpPackets: yes</c> on the real broker: each connection's bytes land in a pcapng file in its working directory.</summary>
public sealed partial class DumpPacketsBrokerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task RtspRtmpHlsConnectionsAndWebRtcSocket_DumpedByteForByte()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "dumpPackets: yes\nlogLevel: debug\n");
        var rtsp = await broker.ListenerAsync("RTSP");
        var rtmp = await broker.ListenerAsync("RTMP");
        var hls = await broker.ListenerAsync("HLS");

        var rtspRun = await ExchangeAsync(rtsp, "OPTIONS rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n"u8.ToArray(), r => EndsHeaders(r));
        Encoding.ASCII.GetString(rtspRun.Received).Should().StartWith("RTSP/1.0 200 OK");
        await CheckDumpAsync(broker.Directory, "rtsp_server_conn", rtspRun, rtsp);

        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        var rtmpRun = await ExchangeAsync(rtmp, c0c1, r => r.Length >= 3073);
        rtmpRun.Received[0].Should().Be(3, "S0 names RTMP version 3");
        await CheckDumpAsync(broker.Directory, "rtmp_server_conn", rtmpRun, rtmp);

        var hlsRun = await ExchangeAsync(hls, "GET /nothing/index.m3u8 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"u8.ToArray(), _ => false);
        Encoding.ASCII.GetString(hlsRun.Received).Should().StartWith("HTTP/1.1 404");
        await CheckDumpAsync(broker.Directory, "hls_server_conn", hlsRun, hls);

        // The WebRTC ICE/UDP socket: a datagram from an unknown address is dumped before it is dropped.
        string line = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), Timeout);
        int icePort = int.Parse(IcePort().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] datagram = [0x80, 0xC8, 0x00, 0x06, .. "not a real RTCP packet"u8.ToArray()];
        await udp.SendToAsync(datagram, new IPEndPoint(IPAddress.Loopback, icePort));
        var from = (IPEndPoint)udp.LocalEndPoint!;
        var deadline = DateTime.UtcNow + Timeout;
        while (!Directory.GetFiles(broker.Directory, "webrtc_server_udp_*.pcapng")
            .SelectMany(f => PcapngTestReader.Read(ReadShared(f)))
            .Any(f => !f.IsTcp && f.Source.Equals(from) && f.Destination.Port == icePort && f.Payload.SequenceEqual(datagram)))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the ICE/UDP socket's dump holds the datagram");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@":(\d+) \(ICE/UDP\)")]
    private static partial Regex IcePort();

    [Fact]
    public async Task RtspsConnection_DumpedAfterDecryption()
    {
        string certDir = Directory.CreateTempSubdirectory("dump-tls-").FullName;
        try
        {
            var (cert, key, _) = MediaBroker.Tests.Protocols.Rtsp.RtspsTests.WriteSelfSignedPem(certDir);
            await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners
                + $"dumpPackets: yes\nrtspEncryption: optional\nrtspServerCert: {cert}\nrtspServerKey: {key}\n");
            var rtsps = await broker.ListenerAsync("RTSPS");
            byte[] request = "OPTIONS rtsps://127.0.0.1/cam RTSP/1.0\r\nCSeq: 7\r\n\r\n"u8.ToArray();
            var received = new List<byte>();
            IPEndPoint client;
            using (var tcp = new TcpClient(AddressFamily.InterNetwork))
            {
                await tcp.ConnectAsync(rtsps);
                client = (IPEndPoint)tcp.Client.LocalEndPoint!;
                await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Timeout);
                await tls.WriteAsync(request);
                var buffer = new byte[4096];
                while (!EndsHeaders([.. received]))
                {
                    int n = await tls.ReadAsync(buffer).AsTask().WaitAsync(Timeout);
                    n.Should().BePositive();
                    received.AddRange(buffer.AsSpan(0, n));
                }
            }

            Encoding.ASCII.GetString([.. received]).Should().StartWith("RTSP/1.0 200 OK").And.Contain("CSeq: 7");
            await CheckDumpAsync(broker.Directory, "rtsps_server_conn", new Exchange(client, request, [.. received]), rtsps);
        }
        finally
        {
            Directory.Delete(certDir, recursive: true);
        }
    }

    [RequiresFfmpegFact]
    public async Task FfmpegUdpPublisher_AnnounceInConnectionDump_RtpInSocketDump()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "dumpPackets: yes\npaths:\n  all_others:\n");
        var rtsp = await broker.ListenerAsync("RTSP");
        int rtpPort = (await broker.ListenerAsync("RTP/RTCP UDP")).Port;
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp.Port}/cam", 60, "-rtsp_transport", "udp");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Type == "video" && s.Codec == "h264" && s.Frames > 0);

        // The publisher's RTSP connection (the client end is the source of the first, SYN, segment): its ANNOUNCE carries the SDP.
        string announce = "";
        List<PcapFrame> rtp = [];
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            announce = Directory.GetFiles(broker.Directory, "rtsp_server_conn_*.pcapng")
                .Select(f => PcapngTestReader.Read(ReadShared(f)))
                .Where(frames => frames.Count != 0)
                .Select(frames => Encoding.ASCII.GetString(PcapngTestReader.Stream(frames, frames[0].Source)))
                .FirstOrDefault(s => s.StartsWith("OPTIONS", StringComparison.Ordinal) && s.Contains("ANNOUNCE", StringComparison.Ordinal)) ?? "";
            rtp = [.. Directory.GetFiles(broker.Directory, "rtsp_server_rtp_*.pcapng").SelectMany(f => PcapngTestReader.Read(ReadShared(f)))];
            if (announce.Contains("RECORD", StringComparison.Ordinal) && rtp.Count(f => f.Destination.Port == rtpPort) >= 100)
            {
                break;
            }

            await Task.Delay(200);
        }

        announce.Should().Contain("m=video").And.Contain("H264");
        var received = rtp.Where(f => f.Destination.Port == rtpPort).ToList();
        received.Should().HaveCountGreaterThanOrEqualTo(100).And.OnlyContain(f => !f.IsTcp && f.ChecksumsValid);
        received.Should().OnlyContain(f => (f.Payload[0] >> 6) == 2, "every datagram is RTP version 2");
        string tcpdump = await PacketDumpFileTests.TcpdumpAsync(Directory.GetFiles(broker.Directory, "rtsp_server_rtp_*.pcapng")[0]);
        tcpdump.Should().Contain($"> 127.0.0.1.{rtpPort}: UDP");
    }

    private static int RtpPort(BrokerProcess broker) => broker.ListenerAsync("RTP/RTCP UDP").GetAwaiter().GetResult().Port;

    private static byte[] ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var m = new MemoryStream();
        f.CopyTo(m);
        return m.ToArray();
    }

    private static bool EndsHeaders(byte[] r) => Encoding.ASCII.GetString(r).Contains("\r\n\r\n", StringComparison.Ordinal);

    private sealed record Exchange(IPEndPoint Client, byte[] Sent, byte[] Received);

    /// <summary>Connects, sends, reads until <paramref name="done"/> (or the server closes), closes.</summary>
    private static async Task<Exchange> ExchangeAsync(IPEndPoint server, byte[] send, Func<byte[], bool> done)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cts.Token);
        var client = (IPEndPoint)socket.LocalEndPoint!;
        await socket.SendAsync(send, cts.Token);
        var received = new List<byte>();
        var buffer = new byte[8192];
        while (!done([.. received]))
        {
            int n = await socket.ReceiveAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        socket.Shutdown(SocketShutdown.Both);
        return new Exchange(client, send, [.. received]);
    }

    /// <summary>The dump of that client's connection holds exactly the bytes each side sent.</summary>
    private static async Task CheckDumpAsync(string directory, string prefix, Exchange run, IPEndPoint server)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            foreach (string file in Directory.GetFiles(directory, prefix + "_*.pcapng"))
            {
                var frames = PcapngTestReader.Read(ReadShared(file));
                if (frames.Count == 0 || !frames[0].Source.Equals(run.Client))
                {
                    continue;
                }

                frames.Should().OnlyContain(f => f.IsTcp && f.ChecksumsValid);
                frames[0].Destination.Should().Be(server);
                byte[] fromClient = PcapngTestReader.Stream(frames, run.Client);
                byte[] fromServer = PcapngTestReader.Stream(frames, server);
                if (fromClient.Length >= run.Sent.Length && fromServer.Length >= run.Received.Length)
                {
                    fromClient.Should().Equal(run.Sent);
                    fromServer.AsSpan(0, run.Received.Length).ToArray().Should().Equal(run.Received);
                    (await PacketDumpFileTests.TcpdumpAsync(file)).Should().Contain($"{run.Client.Address}.{run.Client.Port} > {server.Address}.{server.Port}");
                    return;
                }
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"a {prefix} dump of {run.Client} with every byte exchanged");
            await Task.Delay(200);
        }
    }
}
