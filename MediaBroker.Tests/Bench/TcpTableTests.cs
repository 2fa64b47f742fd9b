using System.Net;
using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The stalled readers' proof from /proc/net/tcp: both ends of a loopback connection, their queues and states.</summary>
public sealed class TcpTableTests
{
    // Ours: 127.0.0.1:0xD2A4 (53924) -> the broker's 127.0.0.1:0x1F90 (8080).
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static readonly IPEndPoint Ours = new(IPAddress.Loopback, 0xD2A4);
    private static readonly IPEndPoint Broker = new(IPAddress.Loopback, 0x1F90);

    private static string Line(string local, string remote, string state, string queues) =>
        $"   0: {local} {remote} {state} {queues} 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 30 10 -1\n";

    [Fact]
    public void Parse_ReadsPortsStateAndQueues()
    {
        var table = TcpTable.Parse(Header + Line("0100007F:D2A4", "0100007F:1F90", "01", "00000000:00002000"));

        table.Should().ContainSingle().Which.Should().Be(new TcpTable.Entry(0xD2A4, 0x1F90, 1, 0, 0x2000));
    }

    [Fact]
    public void ClosedWindow_UnreadHereAndUnsentThere_IsAStall()
    {
        var table = TcpTable.Parse(Header + Line("0100007F:D2A4", "0100007F:1F90", "01", "00000000:00002000")
            + Line("0100007F:1F90", "0100007F:D2A4", "01", "0002A000:00000000"));

        TcpTable.ClosedWindow(table, Ours, Broker).Should().Be("TCP window closed: 8192 bytes unread here, 172032 bytes queued at the broker");
    }

    [Fact]
    public void ClosedWindow_FlowingConnection_IsNot()
    {
        var drained = TcpTable.Parse(Header + Line("0100007F:D2A4", "0100007F:1F90", "01", "00000000:00000000")
            + Line("0100007F:1F90", "0100007F:D2A4", "01", "0002A000:00000000"));
        var allSent = TcpTable.Parse(Header + Line("0100007F:D2A4", "0100007F:1F90", "01", "00000000:00002000")
            + Line("0100007F:1F90", "0100007F:D2A4", "01", "00000000:00000000"));

        TcpTable.ClosedWindow(drained, Ours, Broker).Should().BeNull();
        TcpTable.ClosedWindow(allSent, Ours, Broker).Should().BeNull();
    }

    [Fact]
    public void ClosedWindow_BrokerClosingOrReset_IsADrop()
    {
        var closing = TcpTable.Parse(Header + Line("0100007F:D2A4", "0100007F:1F90", "08", "00000000:00002000")
            + Line("0100007F:1F90", "0100007F:D2A4", "04", "00001000:00000000"));

        TcpTable.ClosedWindow(closing, Ours, Broker).Should().Contain("closing (state 04");
        TcpTable.ClosedWindow(TcpTable.Parse(Header), Ours, Broker).Should().Be("the broker reset the connection");
    }
}
