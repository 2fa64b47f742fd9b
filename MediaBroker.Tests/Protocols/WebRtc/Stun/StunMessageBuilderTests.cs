using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Stun;

public sealed class StunMessageBuilderTests
{
    private static readonly byte[] s_txId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Theory]
    [InlineData("192.0.2.1", 80)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 92)]
    public void WriteBindingSuccess_Rfc5769Parameters_MatchesVectorAddressAndVerifies(string ip, int vectorLength)
    {
        var key = StunCredentials.ShortTermKey(StunVectors.ShortTermPassword);
        var buffer = new byte[StunMessageBuilder.MaxLength];
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), 32853);

        int n = StunMessageBuilder.WriteBindingSuccess(buffer, s_txId, endPoint, key);

        StunMessage.TryParse(buffer.AsSpan(0, n), out var msg).Should().BeTrue();
        msg!.Class.Should().Be(StunClass.SuccessResponse);
        msg.XorMappedAddress.Should().Be(endPoint);
        msg.VerifyMessageIntegrity(key).Should().BeTrue();
        msg.HasFingerprint.Should().BeTrue();

        // Same XOR-MAPPED-ADDRESS bytes as the RFC 5769 vector (which also carries SOFTWARE).
        var vector = vectorLength == 80 ? StunVectors.Ipv4Response : StunVectors.Ipv6Response;
        StunMessage.TryParse(vector, out var expected).Should().BeTrue();
        msg.GetAttribute(StunConstants.AttrXorMappedAddress).ToArray()
            .Should().Equal(expected!.GetAttribute(StunConstants.AttrXorMappedAddress).ToArray());
    }

    [Fact]
    public void StunWriter_Rfc5769RequestAttributes_ReproducesVectorExceptPadding()
    {
        var key = StunCredentials.ShortTermKey(StunVectors.ShortTermPassword);
        var buffer = new byte[256];
        var w = new StunWriter(buffer, StunConstants.MessageType(StunConstants.MethodBinding, StunClass.Request), s_txId);
        w.AddSoftware("STUN test client");
        w.AddPriority(0x6e0001ff);
        w.AddIceControlled(0x932ff9b151263b36);
        w.AddUsername("evtj:h6vY");

        // The RFC pads USERNAME with spaces; we pad with zeros, so compare the header and the first attributes only.
        buffer.AsSpan(0, 2).ToArray().Should().Equal(StunVectors.Request.AsSpan(0, 2).ToArray());
        buffer.AsSpan(4, 16 + 20 + 8 + 12 + 13).ToArray().Should().Equal(StunVectors.Request.AsSpan(4, 16 + 20 + 8 + 12 + 13).ToArray());
    }

    [Fact]
    public void WriteBindingRequest_Controlling_RoundTripsAllIceAttributes()
    {
        var key = StunCredentials.ShortTermKey("remotepassword1234567890");
        var buffer = new byte[StunMessageBuilder.MaxLength];

        int n = StunMessageBuilder.WriteBindingRequest(buffer, s_txId, "abcd:efgh", key, 0x7e7f00ff, controlling: true, 0x0102030405060708, useCandidate: true);

        StunMessage.TryParse(buffer.AsSpan(0, n), out var msg).Should().BeTrue();
        msg!.IsBindingRequest.Should().BeTrue();
        msg.Username.Should().Be("abcd:efgh");
        msg.Priority.Should().Be(0x7e7f00ffu);
        msg.IceControlling.Should().Be(0x0102030405060708ul);
        msg.UseCandidate.Should().BeTrue();
        msg.VerifyMessageIntegrity(key).Should().BeTrue();
    }

    [Fact]
    public void WriteBindingError_401_CarriesCodeAndReason()
    {
        var buffer = new byte[StunMessageBuilder.MaxLength];

        int n = StunMessageBuilder.WriteBindingError(buffer, s_txId, 401, "Unauthorized");

        StunMessage.TryParse(buffer.AsSpan(0, n), out var msg).Should().BeTrue();
        msg!.Class.Should().Be(StunClass.ErrorResponse);
        msg.ErrorCode.Should().Be(new StunErrorCode(401, "Unauthorized"));
    }

    [Fact]
    public void StunWriter_BufferTooSmall_ThrowsArgumentException()
    {
        var act = () =>
        {
            var buffer = new byte[24];
            var w = new StunWriter(buffer, 1, s_txId);
            w.AddUsername("too long for this buffer");
        };

        act.Should().Throw<ArgumentException>();
    }
}
