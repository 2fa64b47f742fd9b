using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Client;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Client;

public sealed class RtspClientPortsTests
{
    [Fact]
    public void BindPair_SmallRange_EvenRtpNextOddRtcpInsideRange()
    {
        var (first, last) = FreeRange(4);
        var taken = new List<Socket>();
        try
        {
            var ports = new List<int>();
            for (var i = 0; i < 2; i++)
            {
                var (rtp, rtcp) = RtspClientPorts.BindPair((first, last), 0);
                taken.Add(rtp);
                taken.Add(rtcp);
                var rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                rtpPort.Should().BeInRange(first, last - 1);
                (rtpPort % 2).Should().Be(0);
                ((IPEndPoint)rtcp.LocalEndPoint!).Port.Should().Be(rtpPort + 1);
                ports.Add(rtpPort);
            }

            ports.Should().BeEquivalentTo([first, first + 2]);
            var full = () => RtspClientPorts.BindPair((first, last), 0);
            full.Should().Throw<IOException>().WithMessage("*rtspUDPSourcePortRange*");
        }
        finally
        {
            taken.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void BindPair_OddFirstPort_StartsAtNextEven()
    {
        var (first, _) = FreeRange(4);
        var (rtp, rtcp) = RtspClientPorts.BindPair((first + 1, first + 3), 0);
        using (rtp)
        using (rtcp)
        {
            ((IPEndPoint)rtp.LocalEndPoint!).Port.Should().Be(first + 2);
            ((IPEndPoint)rtcp.LocalEndPoint!).Port.Should().Be(first + 3);
        }
    }

    [Fact]
    public void BindPair_RangeWithoutPair_Throws()
    {
        var act = () => RtspClientPorts.BindPair((40001, 40001), 0);
        act.Should().Throw<IOException>();
    }

    [Fact]
    public void BindPair_ReceiveBufferSize_AppliedToBothSockets()
    {
        var (rtp, rtcp) = RtspClientPorts.BindPair(FreeRange(2), 65536);
        using (rtp)
        using (rtcp)
        {
            // Linux reports twice the size asked for (the kernel's bookkeeping share).
            rtp.ReceiveBufferSize.Should().BeOneOf(65536, 131072);
            rtcp.ReceiveBufferSize.Should().BeOneOf(65536, 131072);
        }
    }

    /// <summary>An even port whose <paramref name="count"/> ports are free right now (probe by binding).</summary>
    internal static (int First, int Last) FreeRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = 20000 + (Random.Shared.Next(0, 10000) * 2);
            var probes = new List<Socket>();
            try
            {
                for (var p = first; p < first + count; p++)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    probes.Add(s);
                    s.Bind(new IPEndPoint(IPAddress.Any, p));
                }

                return (first, first + count - 1);
            }
            catch (SocketException)
            {
            }
            finally
            {
                probes.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException("no free port range");
    }
}
