using System.Net;
using FluentAssertions;
using MediaBroker.Net.Dump;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Net.Dump;

/// <summary>The pcapng files of <c>dumpPackets</c>, read back by an independent reader and by tcpdump.</summary>
public sealed class PacketDumpFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mediabroker-dump-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Tcp_BothDirectionsReassemble_LargeWritesSplitIntoSegments()
    {
        var client = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40000);
        var server = new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 8554);
        byte[] request = "OPTIONS rtsp://h/p RTSP/1.0\r\nCSeq: 1\r\n\r\n"u8.ToArray();
        byte[] big = new byte[150_001];
        new Random(7).NextBytes(big);
        var dump = PacketDumpFile.OpenTcp(_dir, "rtsp_server_conn", client, server, NullLogger.Instance)!;
        dump.Received(request);
        dump.Sent(big);
        dump.Received(big.AsSpan(0, 3));
        await dump.DisposeAsync();

        Path.GetFileName(dump.FilePath).Should().MatchRegex(@"^rtsp_server_conn_\d+_[0-9a-f-]{36}\.pcapng$");
        var frames = PcapngTestReader.Read(await File.ReadAllBytesAsync(dump.FilePath));
        frames.Should().OnlyContain(f => f.IsTcp && f.ChecksumsValid);
        frames[0].Flags.Should().Be(0x02, "a SYN opens the stream");
        frames.Should().Contain(f => (f.Flags & 0x01) != 0, "FINs close it");
        frames.Max(f => f.Payload.Length).Should().BeLessThanOrEqualTo(65000);
        frames.Should().OnlyContain(f => f.Source.Address.Equals(IPAddress.Loopback), "both ends are IPv4 once unmapped");
        PcapngTestReader.Stream(frames, client).Should().Equal([.. request, .. big.AsSpan(0, 3).ToArray()]);
        PcapngTestReader.Stream(frames, new IPEndPoint(IPAddress.Loopback, 8554)).Should().Equal(big);

        string text = await TcpdumpAsync(dump.FilePath);
        text.Should().Contain("127.0.0.1.40000 > 127.0.0.1.8554: Flags [S]");
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(frames.Count);
    }

    [Fact]
    public async Task Udp_EachDatagramKeepsItsAddresses_Ipv6()
    {
        var a = new IPEndPoint(IPAddress.IPv6Loopback, 8000);
        var b = new IPEndPoint(IPAddress.Parse("fe80::1"), 5004);
        var dump = PacketDumpFile.OpenUdp(_dir, "rtsp_server_rtp", NullLogger.Instance)!;
        dump.Datagram(b, a, [0x80, 96, 0, 1]);
        dump.Datagram(a, b, [0x80, 97, 0, 2, 9]);
        await dump.DisposeAsync();

        var frames = PcapngTestReader.Read(await File.ReadAllBytesAsync(dump.FilePath));
        frames.Should().HaveCount(2).And.OnlyContain(f => !f.IsTcp && f.ChecksumsValid);
        frames[0].Source.Should().Be(b);
        frames[0].Destination.Should().Be(a);
        frames[1].Payload.Should().Equal(0x80, 97, 0, 2, 9);
        (await TcpdumpAsync(dump.FilePath)).Should().Contain("fe80::1.5004 > ::1.8000: UDP, length 4");
    }

    /// <summary>tcpdump's one-line-per-packet reading of a file (numeric, no name lookups).</summary>
    internal static async Task<string> TcpdumpAsync(string file)
    {
        await using var p = ExternalProcess.Start("tcpdump", ["-nn", "-r", file]);
        (await p.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, p.Output);
        return string.Join('\n', p.Output.Split('\n').Where(l => !l.StartsWith("reading from file", StringComparison.Ordinal)));
    }
}
