using System.Buffers;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Nal;
using Xunit;

namespace MediaBroker.Tests.Codecs.Nal;

public sealed class AnnexBTests
{
    [Fact]
    public void Split_RealStream_JoinRoundTrips()
    {
        var data = CodecTestData.Load("h264_bf2.h264");

        var nalus = AnnexB.Split(data);

        nalus.Length.Should().BeGreaterThan(25);
        AnnexB.Split(AnnexB.Join(nalus)).Select(n => n.ToArray()).Should().BeEquivalentTo(nalus.Select(n => n.ToArray()), o => o.WithStrictOrdering());
        MemoryMarshalHelpers.SameArray(nalus[0], data).Should().BeTrue("slices, not copies");
    }

    [Fact]
    public void Split_ThreeAndFourByteStartCodesWithTrailingZeros_ReturnsNalus()
    {
        byte[] data = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 0, 1, 0x65, 4, 0, 0];

        var nalus = AnnexB.Split(data);

        nalus.Select(n => n.ToArray()).Should().BeEquivalentTo(new[] { new byte[] { 0x67, 1, 2 }, [0x68, 3], [0x65, 4] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Split_GarbageBeforeStartCode_Throws()
    {
        var act = () => AnnexB.Split(new byte[] { 5, 0, 0, 1, 0x67 });
        act.Should().Throw<CodecProtocolException>();
    }

    [Fact]
    public void Split_RandomBytes_OnlyThrowsCodecProtocolException()
    {
        var rng = new Random(5);
        var buf = new byte[32];
        for (var i = 0; i < 20000; i++)
        {
            for (var j = 0; j < buf.Length; j++)
            {
                buf[j] = (byte)rng.Next(3); // dense in 0/1 so start codes occur
            }

            try
            {
                _ = AnnexB.Split(buf.AsMemory(0, rng.Next(buf.Length)));
            }
            catch (CodecProtocolException)
            {
            }
        }
    }

    [Fact]
    public void TryReadNext_RealStream_MatchesSplit()
    {
        var data = CodecTestData.Load("h264_bf2.h264");

        Next(data).Should().BeEquivalentTo(AnnexB.Split(data).Select(n => n.ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void TryReadNext_GarbageBeforeStartCodeAndEmptyUnits_SkipsGarbageKeepsEmpty()
    {
        byte[] data = [5, 7, 0, 0, 1, 0x67, 1, 0, 0, 0, 1, 0, 0, 1, 0x68, 2, 0, 0];

        var pos = 0;
        var found = new List<byte[]>();
        while (AnnexB.TryReadNext(data, ref pos, out var start, out var length))
        {
            found.Add(data.AsSpan(start, length).ToArray());
        }

        found.Should().BeEquivalentTo(new[] { new byte[] { 0x67, 1 }, [], [0x68, 2] }, o => o.WithStrictOrdering());
        pos.Should().Be(data.Length);
        AnnexB.TryReadNext([1, 2, 3, 0, 0], ref pos, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadNext_RandomBytes_NeverThrowsAndStaysInBounds()
    {
        var rng = new Random(6);
        var buf = new byte[32];
        for (var i = 0; i < 20000; i++)
        {
            for (var j = 0; j < buf.Length; j++)
            {
                buf[j] = (byte)rng.Next(3);
            }

            var data = buf.AsSpan(0, rng.Next(buf.Length));
            var pos = 0;
            while (AnnexB.TryReadNext(data, ref pos, out var start, out var length))
            {
                (start + length).Should().BeLessThanOrEqualTo(data.Length);
            }
        }
    }

    private static List<byte[]> Next(byte[] data)
    {
        var result = new List<byte[]>();
        var pos = 0;
        while (AnnexB.TryReadNext(data, ref pos, out var start, out var length))
        {
            if (length > 0)
            {
                result.Add(data.AsSpan(start, length).ToArray());
            }
        }

        return result;
    }

    [Fact]
    public void WriteBufferWriter_AndAvccRoundTrip_PreserveNalus()
    {
        ReadOnlyMemory<byte>[] nalus = [new byte[] { 0x67, 1 }, new byte[] { 0x68 }, new byte[300]];
        var writer = new ArrayBufferWriter<byte>();

        AnnexB.Write(nalus, writer);
        var avcc = new ArrayBufferWriter<byte>();
        Avcc.Write(nalus, avcc, 2);

        writer.WrittenSpan.ToArray().Should().Equal(AnnexB.Join(nalus));
        Avcc.Split(avcc.WrittenMemory, 2).Select(n => n.Length).Should().Equal(2, 1, 300);
    }

    [Fact]
    public void AvccSplit_LengthPastEnd_ThrowsAndEveryPrefixNeverCrashes()
    {
        ReadOnlyMemory<byte>[] nalus = [new byte[] { 0x67, 1, 2 }, new byte[] { 0x68, 9 }];
        var sample = new byte[Avcc.GetLength(nalus)];
        Avcc.Write(nalus, sample);
        for (var len = 1; len < sample.Length; len++)
        {
            if (len == 7)
            {
                continue; // a whole first NAL unit: valid on its own
            }

            var act = () => Avcc.Split(sample.AsMemory(0, len));
            act.Should().Throw<CodecProtocolException>();
        }
    }
}

internal static class MemoryMarshalHelpers
{
    public static bool SameArray(ReadOnlyMemory<byte> slice, byte[] array) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slice, out var seg) && ReferenceEquals(seg.Array, array);
}
