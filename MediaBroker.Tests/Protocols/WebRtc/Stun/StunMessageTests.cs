using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Stun;

public sealed class StunMessageTests
{
    [Fact]
    public void TryParse_Rfc5769SampleRequest_DecodesIceAttributesAndIntegrity()
    {
        StunMessage.TryParse(StunVectors.Request, out var msg).Should().BeTrue();

        msg!.IsBindingRequest.Should().BeTrue();
        msg.TransactionId.ToArray().Should().Equal(Convert.FromHexString("b7e7a701bc34d686fa87dfae"));
        msg.Software.Should().Be("STUN test client");
        msg.Priority.Should().Be(0x6e0001ffu);
        msg.IceControlled.Should().Be(0x932ff9b151263b36ul);
        msg.IceControlling.Should().BeNull();
        msg.UseCandidate.Should().BeFalse();
        msg.Username.Should().Be("evtj:h6vY");
        msg.HasFingerprint.Should().BeTrue();
        msg.VerifyMessageIntegrity(StunVectors.ShortTermPassword).Should().BeTrue();
        msg.VerifyMessageIntegrity("wrong").Should().BeFalse();
    }

    [Fact]
    public void TryParse_Rfc5769Ipv4Response_DecodesXorMappedAddress()
    {
        StunMessage.TryParse(StunVectors.Ipv4Response, out var msg).Should().BeTrue();

        msg!.Class.Should().Be(StunClass.SuccessResponse);
        msg.Method.Should().Be(StunConstants.MethodBinding);
        msg.Software.Should().Be("test vector");
        msg.XorMappedAddress.Should().Be(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        msg.VerifyMessageIntegrity(StunVectors.ShortTermPassword).Should().BeTrue();
    }

    [Fact]
    public void TryParse_Rfc5769Ipv6Response_DecodesXorMappedAddress()
    {
        StunMessage.TryParse(StunVectors.Ipv6Response, out var msg).Should().BeTrue();

        msg!.XorMappedAddress.Should().Be(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        msg.VerifyMessageIntegrity(StunVectors.ShortTermPassword).Should().BeTrue();
    }

    [Fact]
    public void TryParse_Rfc5769LongTermRequest_VerifiesWithMd5Key()
    {
        StunMessage.TryParse(StunVectors.LongTermRequest, out var msg).Should().BeTrue();

        msg!.Username.Should().Be("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
        msg.Nonce.Should().Be("f//499k954d6OL34oL9FSTvy64sA");
        msg.Realm.Should().Be("example.org");
        msg.HasFingerprint.Should().BeFalse();

        // "TheMatrIX" is the RFC's password after SASLprep.
        var key = StunCredentials.LongTermKey(msg.Username!, "example.org", "TheMatrIX");
        msg.VerifyMessageIntegrity(key).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(StunVectors.All), MemberType = typeof(StunVectors))]
    public void TryParse_EveryIncompletePrefix_ReturnsFalse(string name, byte[] vector)
    {
        for (int n = 0; n < vector.Length; n++)
        {
            StunMessage.TryParse(vector.AsSpan(0, n), out var msg).Should().BeFalse($"{name} prefix {n}");
            msg.Should().BeNull();
        }
    }

    [Theory]
    [MemberData(nameof(StunVectors.All), MemberType = typeof(StunVectors))]
    public void TryParse_WithTrailingBytes_ParsesOnlyTheMessage(string name, byte[] vector)
    {
        var oversized = vector.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray();

        StunMessage.TryParse(oversized, out var msg).Should().BeTrue(name);
        msg!.Raw.Length.Should().Be(vector.Length);
    }

    [Fact]
    public void TryParse_CorruptedFingerprint_Throws()
    {
        var bad = (byte[])StunVectors.Request.Clone();
        bad[^1] ^= 1;

        var act = () => StunMessage.TryParse(bad, out _);

        act.Should().Throw<StunProtocolException>();
    }

    [Fact]
    public void VerifyMessageIntegrity_FlippedBodyBit_ReturnsFalse()
    {
        var bad = (byte[])StunVectors.LongTermRequest.Clone();
        bad[30] ^= 0x01; // inside USERNAME; no FINGERPRINT in this vector to catch it first

        StunMessage.TryParse(bad, out var msg).Should().BeTrue();
        msg!.VerifyMessageIntegrity(StunCredentials.LongTermKey("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX")).Should().BeFalse();
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyThrowsStunProtocolException()
    {
        var rng = new Random(5769);
        var buffer = new byte[128];
        for (int i = 0; i < 20000; i++)
        {
            rng.NextBytes(buffer);
            int length = rng.Next(0, buffer.Length + 1);
            if (i % 2 == 0)
            {
                // Make most inputs pass the cheap STUN checks so the attribute walker is exercised.
                buffer[0] &= 0x3F;
                buffer[4] = 0x21; buffer[5] = 0x12; buffer[6] = 0xA4; buffer[7] = 0x42;
                int body = Math.Max(0, length - 20) & ~3;
                buffer[2] = (byte)(body >> 8);
                buffer[3] = (byte)body;
            }

            try
            {
                StunMessage.TryParse(buffer.AsSpan(0, length), out _);
            }
            catch (StunProtocolException)
            {
            }
        }
    }

    [Fact]
    public void TryParse_NotStun_ReturnsFalse()
    {
        var dtls = new byte[40];
        dtls[0] = 22;

        StunMessage.TryParse(dtls, out _).Should().BeFalse();
    }
}
