using FluentAssertions;
using MediaBroker.Formats.Rtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void TryParse_RealCapture_ReadsHeaderAndReserializesIdentically()
    {
        var datagrams = RtpDump.Read("h264").Where(d => d.Channel == 0).Select(d => d.Datagram).ToList();
        datagrams.Should().NotBeEmpty();
        ushort? last = null;
        foreach (var d in datagrams)
        {
            RtpPacket.TryParse(d, out var p).Should().BeTrue();
            p.PayloadType.Should().Be(96);
            if (last is { } l)
            {
                p.SequenceNumber.Should().Be((ushort)(l + 1));
            }

            last = p.SequenceNumber;
            var buffer = new byte[p.Length];
            p.Write(buffer).Should().Be(d.Length);
            buffer.Should().Equal(d);
        }
    }

    [Fact]
    public void TryParse_EveryIncompletePrefix_ReturnsFalseOrParsesShorterPayload()
    {
        var packet = Build(withExtension: true, csrcs: 2);
        var headerLength = 12 + 8 + 4 + 8;
        for (var n = 0; n < packet.Length; n++)
        {
            var ok = RtpPacket.TryParse(packet.AsMemory(0, n), out var p);
            ok.Should().Be(n >= headerLength, $"prefix {n}");
            if (ok)
            {
                p.Payload.Length.Should().Be(n - headerLength);
            }
        }
    }

    [Fact]
    public void TryParse_ExtensionCsrcAndPadding_Sliced()
    {
        var packet = Build(withExtension: true, csrcs: 2, padding: 4);
        RtpPacket.TryParse(packet, out var p).Should().BeTrue();
        p.Header.CsrcCount.Should().Be(2);
        p.Header.GetCsrc(1).Should().Be(0x01020304u);
        p.Header.HasExtension.Should().BeTrue();
        p.Header.ExtensionProfile.Should().Be(0xBEDE);
        p.Header.Extension.Length.Should().Be(8);
        p.PaddingLength.Should().Be(4);
        p.Payload.ToArray().Should().Equal(1, 2, 3, 4, 5);
        var rewritten = new byte[p.Length];
        p.Write(rewritten);
        RtpPacket.TryParse(rewritten, out var q).Should().BeTrue();
        q.Payload.ToArray().Should().Equal(1, 2, 3, 4, 5);
        q.Header.Extension.ToArray().Should().Equal(p.Header.Extension.ToArray());
    }

    [Fact]
    public void TryParse_WrongVersionOrBadPadding_Throws()
    {
        var packet = Build(withExtension: false, csrcs: 0);
        packet[0] = 0x40;
        FluentActions.Invoking(() => RtpPacket.TryParse(packet, out _)).Should().Throw<RtpProtocolException>();
        var padded = Build(withExtension: false, csrcs: 0, padding: 1);
        padded[^1] = 200;
        FluentActions.Invoking(() => RtpPacket.TryParse(padded, out _)).Should().Throw<RtpProtocolException>();
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyProtocolExceptionEscapes()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        for (var i = 0; i < 20000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length);
            try
            {
                RtpPacket.TryParse(buffer.AsMemory(0, length), out _);
            }
            catch (RtpProtocolException)
            {
            }
        }
    }

    private static byte[] Build(bool withExtension, int csrcs, int padding = 0)
    {
        var list = new List<byte> { (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (withExtension ? 0x10 : 0) | csrcs), 0xE0, 0x12, 0x34, 0, 0, 0x10, 0, 0xAA, 0xBB, 0xCC, 0xDD };
        for (var i = 0; i < csrcs; i++)
        {
            list.AddRange([1, 2, 3, (byte)(4 * i)]);
        }

        if (withExtension)
        {
            list.AddRange([0xBE, 0xDE, 0, 2, 0x10, 0xFF, 0, 0, 0x21, 1, 2, 0]);
        }

        list.AddRange([1, 2, 3, 4, 5]);
        for (var i = 0; i < padding; i++)
        {
            list.Add(i == padding - 1 ? (byte)padding : (byte)0);
        }

        return [.. list];
    }
}
