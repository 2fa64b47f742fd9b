using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Srtp;

/// <summary>Decrypts SRTP/SRTCP that ffmpeg's own SRTP implementation (libavformat/srtp.c) produced.</summary>
public sealed class SrtpFfmpegInteropTests
{
    private const string Ffmpeg = RequiresFfmpegFactAttribute.FfmpegPath;

    [RequiresFfmpegFact]
    public async Task UnprotectRtp_FfmpegAesCmStream_DecryptsEveryPacket()
    {
        var master = Enumerable.Range(0, 30).Select(i => (byte)(i * 11 + 3)).ToArray();
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rtp.ReceiveBufferSize = 1 << 20;
        int rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        int rtcpPort = ((IPEndPoint)rtcp.LocalEndPoint!).Port;

        await RunFfmpegAsync(
            "-hide_banner -loglevel error -f lavfi -i testsrc2=size=160x120:rate=25 -t 0.4 -c:v libx264 -g 5 " +
            "-f rtp -srtp_out_suite AES_CM_128_HMAC_SHA1_80 -srtp_out_params " + Convert.ToBase64String(master) +
            $" srtp://127.0.0.1:{rtpPort}?rtcpport={rtcpPort}&pkt_size=1200");

        using var inbound = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, master.AsSpan(0, 16), master.AsSpan(16, 14));
        var buffer = new byte[2048];
        int packets = 0;
        while (rtp.Available > 0)
        {
            int n = rtp.Receive(buffer);
            inbound.UnprotectRtp(buffer.AsSpan(0, n), out int length).Should().Be(SrtpResult.Ok, $"packet {packets}");
            (buffer[1] & 0x7F).Should().Be(96);
            int nalType = buffer[12] & 0x1F;
            nalType.Should().BeInRange(1, 28, "the decrypted payload starts with an H.264 NAL or FU-A header");
            length.Should().Be(n - 10);
            packets++;
        }

        packets.Should().BeGreaterThan(5);
        rtcp.Available.Should().BeGreaterThan(0, "ffmpeg sends an RTCP sender report");
        int m = rtcp.Receive(buffer);
        inbound.UnprotectRtcp(buffer.AsSpan(0, m), out _).Should().Be(SrtpResult.Ok);
        buffer[1].Should().Be(200, "a sender report");
    }

    private static async Task RunFfmpegAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Ffmpeg, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.Should().Be(0, await stderr);
    }
}
