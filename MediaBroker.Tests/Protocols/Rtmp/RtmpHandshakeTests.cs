using System.Buffers;
using System.Security.Cryptography;
using FluentAssertions;
using MediaBroker.Protocols.Rtmp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

public sealed class RtmpHandshakeTests
{
    private static byte[] FfmpegC1 => RtmpCaptures.Read("ffmpeg_publish_c2s.bin")[1..(1 + RtmpHandshake.BlockSize)];

    [Fact]
    public void FindClientDigest_FfmpegC1_Scheme0()
    {
        RtmpHandshake.FindClientDigest(FfmpegC1, out var offset).Should().Be(0);
        offset.Should().BeInRange(12, 12 + 727);
    }

    [Fact]
    public void WriteServerResponse_DigestClient_S1AndS2Verify()
    {
        var c1 = FfmpegC1;
        var response = new byte[1 + (2 * RtmpHandshake.BlockSize)];

        RtmpHandshake.WriteServerResponse(c1, response, 1234).Should().BeTrue();

        response[0].Should().Be(3);
        var s1 = response.AsSpan(1, RtmpHandshake.BlockSize);
        var s2 = response.AsSpan(1 + RtmpHandshake.BlockSize);
        var serverKeyPrefix = "Genuine Adobe Flash Media Server 001"u8.ToArray();
        var offset = RtmpHandshake.DigestOffset(s1, 0);
        var expected = new byte[32];
        RtmpHandshake.ComputeDigest(s1, offset, serverKeyPrefix, expected);
        s1.Slice(offset, 32).ToArray().Should().Equal(expected);

        // The client checks S2 with HMAC(HMAC(full server key, its own digest), S2[..1504]).
        RtmpHandshake.FindClientDigest(c1, out var clientOffset);
        byte[] suffix = [0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
            0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE];
        var key = HMACSHA256.HashData([.. serverKeyPrefix, .. suffix], c1.AsSpan(clientOffset, 32));
        HMACSHA256.HashData(key, s2[..^32]).Should().Equal(s2[^32..].ToArray());
    }

    [Fact]
    public void WriteServerResponse_PlainClient_EchoesC1()
    {
        var c1 = new byte[RtmpHandshake.BlockSize];
        c1[0] = 7;
        var response = new byte[1 + (2 * RtmpHandshake.BlockSize)];

        RtmpHandshake.WriteServerResponse(c1, response, 0).Should().BeFalse();

        response.AsSpan(1 + RtmpHandshake.BlockSize).ToArray().Should().Equal(c1);
        response.AsSpan(5, 4).ToArray().Should().Equal(0, 0, 0, 0);
    }

    [Fact]
    public void TryReadC0C1_EveryIncompletePrefix_ConsumesNothing()
    {
        var data = RtmpCaptures.Read("ffmpeg_publish_c2s.bin");
        var c1 = new byte[RtmpHandshake.BlockSize];
        for (var n = 0; n <= RtmpHandshake.BlockSize; n += 37)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data, 0, n));
            RtmpHandshake.TryReadC0C1(ref reader, c1).Should().BeFalse();
            reader.Consumed.Should().Be(0);
        }

        var whole = new SequenceReader<byte>(Formats.Flv.SegmentedSequence.Split(data.AsMemory(0, 4000), 1, 700, 1537));
        RtmpHandshake.TryReadC0C1(ref whole, c1).Should().BeTrue();
        c1.Should().Equal(FfmpegC1);
        RtmpHandshake.TryReadC2(ref whole).Should().BeTrue();
        whole.Consumed.Should().Be(RtmpCaptures.HandshakeSize);
    }

    [Fact]
    public void TryReadC0C1_EncryptedVersion_Throws()
    {
        var data = new byte[1 + RtmpHandshake.BlockSize];
        data[0] = 6;
        var act = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
            RtmpHandshake.TryReadC0C1(ref reader, new byte[RtmpHandshake.BlockSize]);
        };
        act.Should().Throw<RtmpProtocolException>().WithMessage("*version 6*");
    }
}
