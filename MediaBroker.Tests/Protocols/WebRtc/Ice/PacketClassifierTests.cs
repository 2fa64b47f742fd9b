using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Tests.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Ice;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0x00, 0x01, PacketKind.Stun)]
    [InlineData(0x03, 0x00, PacketKind.Stun)]
    [InlineData(20, 0xFE, PacketKind.Dtls)]
    [InlineData(22, 0xFE, PacketKind.Dtls)]
    [InlineData(63, 0, PacketKind.Dtls)]
    [InlineData(0x80, 96, PacketKind.Rtp)]
    [InlineData(0x80, 96 | 0x80, PacketKind.Rtp)]
    [InlineData(0x81, 200, PacketKind.Rtcp)]
    [InlineData(0x8F, 206, PacketKind.Rtcp)]
    [InlineData(0x80, 192, PacketKind.Rtcp)]
    [InlineData(0x80, 223, PacketKind.Rtcp)]
    [InlineData(17, 0, PacketKind.Unknown)]
    [InlineData(64, 0, PacketKind.Unknown)]
    [InlineData(200, 0, PacketKind.Unknown)]
    public void Classify_FirstBytes_FollowsRfc7983(int first, int second, PacketKind expected)
    {
        PacketClassifier.Classify([(byte)first, (byte)second]).Should().Be(expected);
    }

    [Fact]
    public void Classify_Empty_IsUnknown()
    {
        PacketClassifier.Classify([]).Should().Be(PacketKind.Unknown);
    }

    [Fact]
    public void Classify_Rfc5769Request_IsStun()
    {
        PacketClassifier.Classify(StunVectors.Request).Should().Be(PacketKind.Stun);
    }
}
