using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Mikey;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>
/// RTP/SAVP multicast (<c>multicastSRTPPort</c>/<c>multicastSRTCPPort</c>): an RTSPS reader SETUPs
/// <c>RTP/SAVP;multicast</c> and gets the group's key in KeyMgmt; ffmpeg then decodes the encrypted group with that key.
/// </summary>
public sealed partial class RtspMulticastSavpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("savp-mc-").FullName;
    private string _lastProbeLog = "";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresFfmpegFact]
    public async Task SavpMulticast_GroupKeyInKeyMgmt_FfmpegDecodesGroupWithIt()
    {
        int srtpPort = 19000 + (Random.Shared.Next(0, 400) * 2);
        var (cert, key, _) = RtspsTests.WriteSelfSignedPem(_dir);
        await using var server = await RtspTestServer.StartAsync(options: new RtspServerOptions
        {
            Encryption = RtspEncryption.Optional, ServerCert = cert, ServerKey = key,
            MulticastIPRange = "239.255.45.0/24", MulticastRtpPort = srtpPort + 1000, MulticastRtcpPort = srtpPort + 1001,
            MulticastSrtpPort = srtpPort, MulticastSrtcpPort = srtpPort + 1, RtcpPeriod = TimeSpan.FromSeconds(1),
        });
        await using var publisher = RtspClients.Publish(server.Url + "/smc", "tcp", audio: null);
        await server.WaitReadyAsync("smc", RtspClients.Timeout, publisher);

        var url = server.RtspsUrl + "/smc";
        await using var first = await RtspTestClient.ConnectTlsAsync(server.Server.RtspsBoundEndPoint!.Port);
        var (sdp, group, transport, mikey) = await SetupAsync(first, url);
        await using var second = await RtspTestClient.ConnectTlsAsync(server.Server.RtspsBoundEndPoint!.Port);
        var (_, secondGroup, _, secondMikey) = await SetupAsync(second, url);

        transport.Should().Contain("RTP/SAVP").And.Contain("multicast").And.Contain($"port={srtpPort}-{srtpPort + 1}");
        secondGroup.Should().Be(group, "readers of one stream share its group");
        secondMikey.MasterKey.Should().Equal(mikey.MasterKey, "and its key");
        mikey.Sessions.Should().ContainSingle().Which.Ssrc.Should().NotBe(0u);

        // A plain listener on the group sees only packets that verify with the announced key.
        using var raw = Join(group, srtpPort);
        using var rawRtcp = Join(group, srtpPort + 1);
        (await first.RequestAsync("PLAY", url, null, ("Session", first.SessionId!))).StatusCode.Should().Be(200);
        using var context = new SrtpContext(mikey.Profile, mikey.MasterKey, mikey.MasterSalt);
        var datagram = new byte[2048];
        for (var i = 0; i < 20; i++)
        {
            int n = await raw.ReceiveAsync(datagram, SocketFlags.None).WaitAsync(RtspClients.Timeout);
            context.UnprotectRtp(datagram.AsSpan(0, n).ToArray(), out int plain).Should().Be(SrtpResult.Ok);
            plain.Should().Be(n - 10, "AES-CM-128 HMAC-SHA1-80 appends a 10-byte tag");
        }

        using var rtcpContext = new SrtpContext(mikey.Profile, mikey.MasterKey, mikey.MasterSalt);
        int r = await rawRtcp.ReceiveAsync(datagram, SocketFlags.None).WaitAsync(RtspClients.Timeout);
        rtcpContext.UnprotectRtcp(datagram.AsSpan(0, r).ToArray(), out int report).Should().Be(SrtpResult.Ok);
        datagram[1].Should().Be(200, "the group gets SRTCP sender reports");

        // ffmpeg joins the group from an SDP carrying the same key (RFC 4568 a=crypto) and decodes the video.
        string sdpFile = Path.Combine(_dir, "group.sdp");
        await File.WriteAllTextAsync(sdpFile, GroupSdp(sdp, group, srtpPort, mikey));
        var streams = await ProbeSdpAsync(sdpFile);
        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, _lastProbeLog);
        server.Server.Sessions.Should().Contain(s => s.State == "read" && s.Profile == "SAVP" && s.Transport == "UDP-multicast");
    }

    [Fact]
    public async Task SavpMulticast_OverPlainRtsp_Returns461()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        var setup = await client.RequestAsync("SETUP", server.Url + "/none/trackID=0", null, ("Transport", "RTP/SAVP;multicast"));

        setup.StatusCode.Should().Be(461, "MIKEY keys travel in clear, so SAVP is only accepted over TLS");
    }

    private static async Task<(string Sdp, IPAddress Group, string Transport, MikeyMessage Key)> SetupAsync(RtspTestClient client, string url)
    {
        var describe = await client.RequestAsync("DESCRIBE", url, null, ("Accept", "application/sdp"));
        describe.StatusCode.Should().Be(200);
        var setup = await client.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/SAVP;multicast"));
        setup.StatusCode.Should().Be(200);
        string transport = setup.Headers["Transport"]!;
        var group = IPAddress.Parse(Destination().Match(transport).Groups[1].Value);
        RtspConnection.TryReadKeyMgmt(setup.Headers["KeyMgmt"]!, out var mikey).Should().BeTrue();
        client.SessionId = setup.Headers["Session"]!.Split(';')[0];
        return (Encoding.UTF8.GetString(describe.Body.Span), group, transport, mikey!);
    }

    private static Socket Join(IPAddress group, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Any));
        return socket;
    }

    /// <summary>The DESCRIBE SDP turned into one ffmpeg can open: the group's address and port, the key as SDES crypto.</summary>
    private static string GroupSdp(string describe, IPAddress group, int port, MikeyMessage key)
    {
        var sb = new StringBuilder();
        bool inVideo = false;
        foreach (string line in describe.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                inVideo = line.StartsWith("m=video", StringComparison.Ordinal);
                if (inVideo)
                {
                    sb.Append($"m=video {port} RTP/SAVP {line.Split(' ')[3]}\r\nc=IN IP4 {group}/16\r\n");
                    sb.Append($"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Convert.ToBase64String([.. key.MasterKey, .. key.MasterSalt])}\r\n");
                }

                continue;
            }

            if (line.StartsWith("a=key-mgmt", StringComparison.Ordinal) || line.StartsWith("a=control", StringComparison.Ordinal) || line.StartsWith("c=", StringComparison.Ordinal))
            {
                continue;
            }

            if (!line.StartsWith("a=", StringComparison.Ordinal) || inVideo)
            {
                sb.Append(line).Append("\r\n");
            }
        }

        return sb.ToString();
    }

    private async Task<IReadOnlyList<ProbedStream>> ProbeSdpAsync(string sdpFile)
    {
        string output = sdpFile + ".json";
        await using var probe = ExternalProcess.Start("/usr/bin/ffprobe",
        [
            "-v", "warning", "-protocol_whitelist", "file,udp,rtp,srtp,crypto", "-read_intervals", "%+3",
            "-count_frames", "-show_streams", "-of", "json", "-o", output, sdpFile,
        ]);
        (await probe.WaitForExitAsync(RtspClients.Timeout)).Should().Be(0, probe.Output);
        _lastProbeLog = probe.Output;
        return RtspClients.Parse(await File.ReadAllTextAsync(output));
    }

    [GeneratedRegex(@"destination=([0-9.]+)")]
    private static partial Regex Destination();
}
