using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Net;
using Xunit;

namespace MediaBroker.Tests.Net;

public sealed class UdpDatagramBatchTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Send_SeveralDatagrams_ArriveWholeAndInOrder(string address)
    {
        using var sockets = new BoundPair(IPAddress.Parse(address));

        var sizes = new[] { 12, 1400, 1, 1600, 700, 1399, 64, 1500 };
        var batch = new UdpDatagramBatch(capacity: 8);
        var expected = Fill(batch, sizes);

        batch.IsFull.Should().BeTrue();
        batch.Send(sockets.Sender, sockets.Receiver.LocalEndPoint!.Serialize()).Should().Be(sizes.Length);
        batch.Count.Should().Be(0, "a send empties the batch");

        await ReceiveAllAsync(sockets.Receiver, expected);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Send_FrameOfEqualPackets_ArrivesAsSeparateDatagramsFromOneSegmentedMessage(string address)
    {
        using var sockets = new BoundPair(IPAddress.Parse(address));

        // A video frame as the RTP packetizer cuts it: equal fragments and a shorter last one.
        var sizes = Enumerable.Repeat(1216, 15).Append(433).ToArray();
        var batch = new UdpDatagramBatch(capacity: 16);
        var expected = Fill(batch, sizes);

        batch.Send(sockets.Sender, sockets.Receiver.LocalEndPoint!.Serialize()).Should().Be(sizes.Length);

        await ReceiveAllAsync(sockets.Receiver, expected);
        if (OperatingSystem.IsLinux())
        {
            batch.SegmentOffload.Should().BeTrue("loopback takes UDP_SEGMENT");
            batch.MessagesSent.Should().Be(1, "the whole run is one message with UDP_SEGMENT");
        }
    }

    [Fact]
    public async Task Send_MixedSizes_OneMessagePerRunAndEveryDatagramWhole()
    {
        using var sockets = new BoundPair(IPAddress.Loopback);

        // Audio, a three-fragment frame with its tail, then a two-packet run of another size.
        var sizes = new[] { 100, 1200, 1200, 1200, 700, 300, 300 };
        var batch = new UdpDatagramBatch(capacity: 8);
        var expected = Fill(batch, sizes);

        batch.Send(sockets.Sender, sockets.Receiver.LocalEndPoint!.Serialize()).Should().Be(sizes.Length);

        await ReceiveAllAsync(sockets.Receiver, expected);
        if (OperatingSystem.IsLinux())
        {
            batch.MessagesSent.Should().Be(3);
        }
    }

    [Fact]
    public async Task Send_WithoutSegmentOffload_OneMessagePerDatagram()
    {
        using var sockets = new BoundPair(IPAddress.Loopback);

        var sizes = new[] { 1200, 1200, 1200, 700 };
        var batch = new UdpDatagramBatch(capacity: 4, segmentOffload: false);
        var expected = Fill(batch, sizes);

        batch.Send(sockets.Sender, sockets.Receiver.LocalEndPoint!.Serialize()).Should().Be(sizes.Length);

        await ReceiveAllAsync(sockets.Receiver, expected);
        batch.SegmentOffload.Should().BeFalse();
        if (OperatingSystem.IsLinux())
        {
            batch.MessagesSent.Should().Be(4);
        }
    }

    [Theory]
    [InlineData(new[] { 1200, 1200, 1200, 700 }, 0, 4)]
    [InlineData(new[] { 1200, 1200, 700, 700 }, 0, 3)]
    [InlineData(new[] { 100, 1200, 1200 }, 0, 1)]
    [InlineData(new[] { 100, 1200, 1200 }, 1, 2)]
    [InlineData(new[] { 1200, 1300 }, 0, 1)]
    [InlineData(new[] { 1200, 0, 1200 }, 0, 1)]
    [InlineData(new[] { 0, 0 }, 0, 1)]
    public void SegmentRun_EqualSizesThenOneShorter(int[] lengths, int start, int expected)
    {
        UdpDatagramBatch.SegmentRun(lengths, start).Should().Be(expected);
    }

    [Fact]
    public void SegmentRun_StopsAtTheKernelsSegmentAndSizeLimits()
    {
        UdpDatagramBatch.SegmentRun(Enumerable.Repeat(100, 100).ToArray(), 0).Should().Be(64, "UDP_MAX_SEGMENTS before Linux 6.5");
        UdpDatagramBatch.SegmentRun(Enumerable.Repeat(1500, 60).ToArray(), 0).Should().Be(40, "60000 bytes at most per send");
    }

    [Fact]
    public void Commit_PastCapacity_Throws()
    {
        var batch = new UdpDatagramBatch(capacity: 1);
        batch.Commit(10);

        var act = () => batch.Commit(10);

        act.Should().Throw<InvalidOperationException>();
    }

    private static List<byte[]> Fill(UdpDatagramBatch batch, int[] sizes)
    {
        var expected = new List<byte[]>();
        foreach (var size in sizes)
        {
            var datagram = new byte[size];
            new Random(size + expected.Count).NextBytes(datagram);
            datagram.CopyTo(batch.Next);
            batch.Commit(size);
            expected.Add(datagram);
        }

        return expected;
    }

    private static async Task ReceiveAllAsync(Socket receiver, List<byte[]> expected)
    {
        var buffer = new byte[70000];
        foreach (var datagram in expected)
        {
            var n = await receiver.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            buffer.AsSpan(0, n).ToArray().Should().Equal(datagram);
        }
    }

    /// <summary>A receiving and a sending UDP socket, each bound to an ephemeral port of one address.</summary>
    private sealed class BoundPair : IDisposable
    {
        public BoundPair(IPAddress ip)
        {
            Receiver = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            Receiver.Bind(new IPEndPoint(ip, 0));
            Sender = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            Sender.Bind(new IPEndPoint(ip, 0));
        }

        public Socket Receiver { get; }

        public Socket Sender { get; }

        public void Dispose()
        {
            Receiver.Dispose();
            Sender.Dispose();
        }
    }
}
