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
        var ip = IPAddress.Parse(address);
        using var receiver = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(ip, 0));
        using var sender = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(ip, 0));

        var batch = new UdpDatagramBatch(capacity: 8);
        var sizes = new[] { 12, 1400, 1, 1600, 700, 1399, 64, 1500 };
        var expected = new List<byte[]>();
        foreach (var size in sizes)
        {
            var datagram = new byte[size];
            new Random(size).NextBytes(datagram);
            datagram.CopyTo(batch.Next);
            batch.Commit(size);
            expected.Add(datagram);
        }

        batch.IsFull.Should().BeTrue();
        var to = receiver.LocalEndPoint!.Serialize();
        batch.Send(sender, to).Should().Be(sizes.Length);
        batch.Count.Should().Be(0, "a send empties the batch");

        var buffer = new byte[2048];
        foreach (var datagram in expected)
        {
            var n = await receiver.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            buffer.AsSpan(0, n).ToArray().Should().Equal(datagram);
        }
    }

    [Fact]
    public void Commit_PastCapacity_Throws()
    {
        var batch = new UdpDatagramBatch(capacity: 1);
        batch.Commit(10);

        var act = () => batch.Commit(10);

        act.Should().Throw<InvalidOperationException>();
    }
}
