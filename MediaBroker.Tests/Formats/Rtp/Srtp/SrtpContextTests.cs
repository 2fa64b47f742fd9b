using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Srtp;

public sealed class SrtpContextTests
{
    // RFC 7714 §16 and §17: the vectors give session keys and salts directly.
    private static readonly byte[] s_gcmKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] s_gcmSalt = Convert.FromHexString("517569642070726f2071756f");

    private static readonly byte[] s_rtpPlain = Convert.FromHexString(
        "8040f17b8041f8d35501a0b2" + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");

    private static readonly byte[] s_rtcpPlain = Convert.FromHexString(
        "81c8000d4d617273" + "4e5450314e545032525450200000042a0000e9304c756e61" + "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");

    public static IEnumerable<object[]> Profiles()
    {
        yield return [SrtpProfile.Aes128CmHmacSha1_80];
        yield return [SrtpProfile.AeadAes128Gcm];
        yield return [SrtpProfile.AeadAes256Gcm];
    }

    [Theory]
    [InlineData(16, "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce")]
    [InlineData(32, "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13")]
    public void ProtectRtp_Rfc7714Section16_MatchesVector(int keyLength, string expectedHex)
    {
        using var ctx = GcmVectorContext(keyLength);
        var buffer = new byte[100];
        s_rtpPlain.CopyTo(buffer, 0);

        int n = ctx.ProtectRtp(buffer, s_rtpPlain.Length);

        Convert.ToHexString(buffer, 0, n).Should().BeEquivalentTo(expectedHex);
        using var rx = GcmVectorContext(keyLength);
        rx.UnprotectRtp(buffer.AsSpan(0, n), out int plainLength).Should().Be(SrtpResult.Ok);
        buffer.AsSpan(0, plainLength).ToArray().Should().Equal(s_rtpPlain);
    }

    [Theory]
    [InlineData(16, "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4")]
    [InlineData(32, "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4")]
    public void ProtectRtcp_Rfc7714Section17_MatchesVector(int keyLength, string expectedHex)
    {
        using var ctx = GcmVectorContext(keyLength);
        ctx.SetNextRtcpIndex(0x4d617273, 0x5d4);
        var buffer = new byte[100];
        s_rtcpPlain.CopyTo(buffer, 0);

        int n = ctx.ProtectRtcp(buffer, s_rtcpPlain.Length);

        Convert.ToHexString(buffer, 0, n).Should().BeEquivalentTo(expectedHex);
        using var rx = GcmVectorContext(keyLength);
        rx.UnprotectRtcp(buffer.AsSpan(0, n), out int plainLength).Should().Be(SrtpResult.Ok);
        buffer.AsSpan(0, plainLength).ToArray().Should().Equal(s_rtcpPlain);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_RoundTripAcrossSequenceWrap_RecoversPacketsAndRollsOver(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var buffer = new byte[1500];
        for (int i = 0; i < 40; i++)
        {
            ushort seq = (ushort)(65520 + i);
            int length = MakeRtp(buffer, seq, 0x11223344, 100 + i);
            var plain = buffer.AsSpan(0, length).ToArray();

            int n = tx.ProtectRtp(buffer, length);
            n.Should().Be(length + profile.RtpOverhead());
            buffer.AsSpan(12, length - 12).ToArray().Should().NotEqual(plain[12..]);

            rx.UnprotectRtp(buffer.AsSpan(0, n), out int back).Should().Be(SrtpResult.Ok, $"seq {seq}");
            buffer.AsSpan(0, back).ToArray().Should().Equal(plain);
        }

        tx.GetRolloverCounter(0x11223344).Should().Be(1);
        rx.GetRolloverCounter(0x11223344).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ReorderedAfterWrap_UsesPreviousRolloverCounter(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var first = new byte[1500];
        int firstLength = tx.ProtectRtp(first, MakeRtp(first, 65534, 7, 50));
        rx.UnprotectRtp(first.AsSpan(0, firstLength), out _).Should().Be(SrtpResult.Ok);
        var late = new byte[1500];
        int lateLength = tx.ProtectRtp(late, MakeRtp(late, 65535, 7, 50));
        var buffer = new byte[1500];
        int n = tx.ProtectRtp(buffer, MakeRtp(buffer, 0, 7, 50));

        rx.UnprotectRtp(buffer.AsSpan(0, n), out _).Should().Be(SrtpResult.Ok);
        rx.UnprotectRtp(late.AsSpan(0, lateLength), out _).Should().Be(SrtpResult.Ok);
        rx.GetRolloverCounter(7).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_SamePacketTwice_ReportsReplay(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var buffer = new byte[1500];
        int n = tx.ProtectRtp(buffer, MakeRtp(buffer, 10, 1, 200));
        var copy = buffer.AsSpan(0, n).ToArray();

        rx.UnprotectRtp(buffer.AsSpan(0, n), out _).Should().Be(SrtpResult.Ok);
        rx.UnprotectRtp(copy, out _).Should().Be(SrtpResult.Replayed);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_OlderThanWindow_ReportsReplay(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var old = new byte[1500];
        int oldLength = tx.ProtectRtp(old, MakeRtp(old, 1, 1, 20));
        var buffer = new byte[1500];
        int n = tx.ProtectRtp(buffer, MakeRtp(buffer, 1 + 200, 1, 20));

        rx.UnprotectRtp(buffer.AsSpan(0, n), out _).Should().Be(SrtpResult.Ok);
        rx.UnprotectRtp(old.AsSpan(0, oldLength), out _).Should().Be(SrtpResult.Replayed);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_TamperedPayload_FailsAuthenticationAndKeepsState(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var buffer = new byte[1500];
        int n = tx.ProtectRtp(buffer, MakeRtp(buffer, 5, 9, 64));
        var good = buffer.AsSpan(0, n).ToArray();
        buffer[20] ^= 0x40;

        rx.UnprotectRtp(buffer.AsSpan(0, n), out _).Should().Be(SrtpResult.AuthenticationFailed);
        rx.UnprotectRtp(good, out _).Should().Be(SrtpResult.Ok);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_RoundTrip_RecoversAndRejectsReplay(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        for (int i = 0; i < 5; i++)
        {
            var buffer = new byte[200];
            s_rtcpPlain.CopyTo(buffer, 0);

            int n = tx.ProtectRtcp(buffer, s_rtcpPlain.Length);
            var copy = buffer.AsSpan(0, n).ToArray();

            rx.UnprotectRtcp(buffer.AsSpan(0, n), out int back).Should().Be(SrtpResult.Ok);
            buffer.AsSpan(0, back).ToArray().Should().Equal(s_rtcpPlain);
            rx.UnprotectRtcp(copy, out _).Should().Be(SrtpResult.Replayed);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_TruncatedInput_IsMalformed(SrtpProfile profile)
    {
        using var rx = NewContext(profile);
        var packet = new byte[12 + profile.RtpOverhead()];
        packet[0] = 0x80;

        for (int n = 0; n < packet.Length; n++)
        {
            rx.UnprotectRtp(packet.AsSpan(0, n), out _).Should().Be(SrtpResult.Malformed);
        }

        rx.UnprotectRtcp(new byte[10], out _).Should().Be(SrtpResult.Malformed);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_AfterWarmUp_AllocatesNothing(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        var buffer = new byte[1500];
        int length = MakeRtp(buffer, 0, 42, 1100);
        for (int i = 0; i < 50; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)i);
            tx.ProtectRtp(buffer, length);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 50; i < 1050; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)i);
            tx.ProtectRtp(buffer, length);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_WithCsrcAndExtension_LeavesHeaderInClear(SrtpProfile profile)
    {
        using var tx = NewContext(profile);
        using var rx = NewContext(profile);
        var buffer = new byte[1500];
        // V=2, X=1, CC=1; one CSRC; extension profile 0xBEDE with one word.
        var header = Convert.FromHexString("9160000100000064000000070000000ABEDE00011011AA00");
        header.CopyTo(buffer, 0);
        for (int i = header.Length; i < header.Length + 30; i++)
        {
            buffer[i] = (byte)i;
        }

        int length = header.Length + 30;
        var plain = buffer.AsSpan(0, length).ToArray();
        int n = tx.ProtectRtp(buffer, length);

        buffer.AsSpan(0, header.Length).ToArray().Should().Equal(header);
        rx.UnprotectRtp(buffer.AsSpan(0, n), out int back).Should().Be(SrtpResult.Ok);
        buffer.AsSpan(0, back).ToArray().Should().Equal(plain);
    }

    internal static SrtpContext NewContext(SrtpProfile profile)
    {
        var key = Enumerable.Range(1, profile.KeyLength()).Select(i => (byte)(i * 7)).ToArray();
        var salt = Enumerable.Range(1, profile.SaltLength()).Select(i => (byte)(i * 13)).ToArray();
        return new SrtpContext(profile, key, salt);
    }

    internal static int MakeRtp(byte[] buffer, ushort seq, uint ssrc, int payloadLength)
    {
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (int i = 0; i < payloadLength; i++)
        {
            buffer[12 + i] = (byte)(i + seq);
        }

        return 12 + payloadLength;
    }

    private static SrtpContext GcmVectorContext(int keyLength)
    {
        var key = s_gcmKey[..keyLength];
        var profile = keyLength == 16 ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AeadAes256Gcm;
        return new SrtpContext(profile, new SrtpSessionKeys(key, [], s_gcmSalt, key, [], s_gcmSalt));
    }
}
