using FluentAssertions;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp;

public sealed class RtcpParserTests
{
    [Fact]
    public void ParseCompound_FfmpegSenderReports_MapNtpToRtp()
    {
        var datagrams = RtpDump.Rtcp("h264");
        datagrams.Should().NotBeEmpty();
        var packets = new List<RtcpPacket>();
        foreach (var d in datagrams)
        {
            RtcpParser.ParseCompound(d, packets);
        }

        var sr = packets.OfType<RtcpSenderReport>().Last();
        var rtp = RtpDump.Packets("h264");
        sr.Ssrc.Should().Be(rtp[0].Ssrc);
        sr.NtpTime.Year.Should().BeGreaterThan(2000);
    }

    [Fact]
    public void WriteThenParse_SrRrSdesNackPliBye_RoundTrip()
    {
        var buffer = new byte[512];
        var block = new RtcpReportBlock(7, 25, -3, 70000, 12, 0x11223344, 65536);
        var ntp = NtpTime64.FromDateTime(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var n = RtcpWriter.WriteSenderReport(buffer, new RtcpSenderReport(1, ntp, 90000, 10, 1000, [block]));
        n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), 1, "broker@example");
        n += RtcpWriter.WriteReceiverReport(buffer.AsSpan(n), new RtcpReceiverReport(2, [block]));
        n += RtcpWriter.WriteNack(buffer.AsSpan(n), 2, 1, [100, 101, 105, 116, 117, 300]);
        n += RtcpWriter.WritePictureLossIndication(buffer.AsSpan(n), 2, 1);
        n += RtcpWriter.WriteBye(buffer.AsSpan(n), 1);
        var packets = new List<RtcpPacket>();
        RtcpParser.ParseCompound(buffer.AsMemory(0, n), packets);

        packets.Should().HaveCount(6);
        var sr = packets[0].Should().BeOfType<RtcpSenderReport>().Subject;
        sr.NtpTime.Should().BeCloseTo(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), TimeSpan.FromMilliseconds(1));
        sr.Reports.Should().Equal(block);
        packets[1].Should().BeOfType<RtcpSourceDescription>().Which.Chunks[0].Cname.Should().Be("broker@example");
        packets[2].Should().BeOfType<RtcpReceiverReport>().Which.Reports.Should().Equal(block);
        packets[3].Should().BeOfType<RtcpNack>().Which.LostSequenceNumbers.Should().Equal(100, 101, 105, 116, 117, 300);
        packets[4].Should().Be(new RtcpPictureLossIndication(2, 1));
        packets[5].Should().BeOfType<RtcpBye>().Which.Ssrcs.Should().Equal(1u);
    }

    [Fact]
    public void ParseCompound_FirAndRemb_FirParsedRembKeptAsUnknown()
    {
        byte[] fir = [0x84, 206, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 5, 7, 0, 0, 0];
        byte[] remb = [0x8F, 206, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0, (byte)'R', (byte)'E', (byte)'M', (byte)'B', 1, 0, 0, 1, 0, 0, 0, 5];
        var packets = new List<RtcpPacket>();
        RtcpParser.ParseCompound(fir.Concat(remb.Take(20)).ToArray(), packets);
        packets[0].Should().BeOfType<RtcpFullIntraRequest>().Which.Entries.Should().Equal(new RtcpFirEntry(5, 7));
        packets[1].Should().BeOfType<RtcpUnknown>().Which.Count.Should().Be(15);
    }

    [Fact]
    public void ParseCompound_RandomBytes_OnlyProtocolExceptionEscapes()
    {
        var random = new Random(42);
        var buffer = new byte[96];
        var packets = new List<RtcpPacket>();
        for (var i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            buffer[1] = (byte)(200 + (buffer[1] % 7));
            buffer[2] = 0;
            buffer[3] = (byte)(buffer[3] % 24);
            try
            {
                RtcpParser.ParseCompound(buffer.AsMemory(0, random.Next(buffer.Length)), packets);
            }
            catch (RtpProtocolException)
            {
            }

            packets.Clear();
        }
    }
}
