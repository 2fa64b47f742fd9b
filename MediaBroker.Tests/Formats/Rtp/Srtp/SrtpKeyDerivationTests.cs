using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Srtp;

public sealed class SrtpKeyDerivationTests
{
    [Fact]
    public void Keystream_Rfc3711AppendixB2_MatchesVector()
    {
        using var cm = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[0xFF02 * 16];

        cm.Keystream(iv, keystream);

        Block(keystream, 0).Should().Be("E03EAD0935C95E80E166B16DD92B4EB4");
        Block(keystream, 1).Should().Be("D23513162B02D0F72A43A2FE4A5F97AB");
        Block(keystream, 2).Should().Be("41E95B3BB0A2E8DD477901E4FCA894C0");
        Block(keystream, 0xFEFF).Should().Be("EC8CDF7398607CB0F2D21675EA9EA1E4");
        Block(keystream, 0xFF00).Should().Be("362B7C3C6773516318A077D7FC5073AE");
        Block(keystream, 0xFF01).Should().Be("6A2CC3787889374FBEB4C81B17BA6C44");
    }

    [Fact]
    public void Derive_Rfc3711AppendixB3_MatchesSessionKeys()
    {
        var keys = SrtpSessionKeys.Derive(
            SrtpProfile.Aes128CmHmacSha1_80,
            Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139"),
            Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6"));

        Convert.ToHexString(keys.RtpKey).Should().Be("C61E7A93744F39EE10734AFE3FF7A087");
        Convert.ToHexString(keys.RtpSalt).Should().Be("30CBBC08863D8C85D49DB34A9AE1");
        Convert.ToHexString(keys.RtpAuthKey).Should().Be("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
    }

    [Fact]
    public void FromExporterOutput_Layout_IsClientKeyServerKeyClientSaltServerSalt()
    {
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var keys = SrtpKeys.FromExporterOutput(SrtpProfile.Aes128CmHmacSha1_80, material);

        keys.ClientKey.Should().Equal(material[..16]);
        keys.ServerKey.Should().Equal(material[16..32]);
        keys.ClientSalt.Should().Equal(material[32..46]);
        keys.ServerSalt.Should().Equal(material[46..60]);
    }

    private static string Block(byte[] keystream, int index) => Convert.ToHexString(keystream, index * 16, 16);
}
