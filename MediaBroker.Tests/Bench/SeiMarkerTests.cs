using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

public sealed class SeiMarkerTests
{
    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 3L)]
    [InlineData(0x0000000100000002L, 0x0000000000000003L)]
    [InlineData(long.MaxValue, 0x7F00000000000000L)]
    public void Write_ValuesWithZeroRuns_AreEscapedAndFoundAgain(long sequence, long time)
    {
        var nal = new byte[SeiMarker.MaxNalSize];
        var n = SeiMarker.Write(nal, sequence, time);

        nal[0].Should().Be(0x06, "an SEI NAL unit with nal_ref_idc 0");
        nal[1].Should().Be(5, "user_data_unregistered");
        nal[2].Should().Be(SeiMarker.PayloadSize);
        nal[n - 1].Should().Be(0x80, "rbsp_trailing_bits");
        for (var i = 2; i < n; i++)
        {
            (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] <= 2).Should().BeFalse("no start code emulation at {0}", i);
        }

        SeiMarker.TryFind(nal.AsSpan(0, n), out var s, out var t).Should().BeTrue();
        s.Should().Be(sequence);
        t.Should().Be(time);
    }

    [Fact]
    public void TryFind_EveryTruncationAndNoMarker_ReturnsFalse()
    {
        var nal = new byte[SeiMarker.MaxNalSize];
        var n = SeiMarker.Write(nal, 0x0000_0000_0000_0102, 0x0000_0000_0001_0000);

        // Cut before the last field byte: never a wrong value, only "not found".
        for (var cut = 0; cut < n - 1; cut++)
        {
            SeiMarker.TryFind(nal.AsSpan(0, cut), out _, out _).Should().BeFalse("cut at {0}", cut);
        }

        SeiMarker.TryFind(new byte[200], out _, out _).Should().BeFalse();
    }

    [Fact]
    public void TryFind_MarkerInsideAvccFrame_FoundAfterOtherUnits()
    {
        var nal = new byte[SeiMarker.MaxNalSize];
        var n = SeiMarker.Write(nal, 42, 123456789);
        byte[] frame = [0x27, 1, 0, 0, 0, 0, 0, 0, 2, 0x09, 0xF0, 0, 0, 0, (byte)n, .. nal.AsSpan(0, n), 0, 0, 0, 3, 0x41, 0x9A, 0x00];

        SeiMarker.TryFind(frame, out var s, out var t).Should().BeTrue();
        s.Should().Be(42);
        t.Should().Be(123456789);
    }
}
