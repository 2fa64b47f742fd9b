using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.WebRtc;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>udpReadBufferSize reaches every UDP socket that receives (0 keeps the system default, as in MediaMTX).</summary>
public sealed class RtspUdpListenerTests
{
    [Fact]
    public async Task Listener_UdpReadBufferSize_SetsRtpAndRtcpReceiveBuffers()
    {
        await using var listener = new RtspUdpListener(Loopback(), Loopback(), 65536, NullLogger.Instance);
        // Linux reports twice the size asked for (the kernel's bookkeeping share).
        listener.ReceiveBufferSizes.Rtp.Should().BeOneOf(65536, 131072);
        listener.ReceiveBufferSizes.Rtcp.Should().BeOneOf(65536, 131072);
    }

    [Fact]
    public async Task Listener_UdpReadBufferSizeZero_KeepsSystemDefault()
    {
        using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await using var listener = new RtspUdpListener(Loopback(), Loopback(), 0, NullLogger.Instance);
        listener.ReceiveBufferSizes.Rtp.Should().Be(plain.ReceiveBufferSize);
    }

    [Fact]
    public void ServerOptions_CarryUdpReadBufferSize()
    {
        var conf = new BrokerConf { UdpReadBufferSize = 1 << 20 };
        RtspServerOptions.From(conf).UdpReadBufferSize.Should().Be(1 << 20);
        WebRtcServerOptions.From(conf).UdpReadBufferSize.Should().Be(1 << 20);
        RtspServerOptions.ConfKeys.Should().Contain("udpReadBufferSize");
        WebRtcServerOptions.Keys.Should().Contain("udpReadBufferSize");
    }

    private static IPEndPoint Loopback() => new(IPAddress.Loopback, 0);
}
