using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;
using Xunit;

namespace MediaBroker.Tests.Codecs.Av1;

public sealed class Av1Tests
{
    /// <summary>Cuts the .obu file into temporal units at each temporal delimiter.</summary>
    private static List<byte[]> TemporalUnits()
    {
        var data = CodecTestData.Load("av1.obu");
        var units = new List<byte[]>();
        var start = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            Av1ObuHeader.TryRead(data.AsSpan(pos), out var h).Should().BeTrue();
            if (h.Type == Av1ObuType.TemporalDelimiter && pos > start)
            {
                units.Add(data[start..pos]);
                start = pos;
            }

            pos += h.TotalLength;
        }

        units.Add(data[start..]);
        return units;
    }

    [Fact]
    public void SequenceHeader_RealStream_MatchesFfprobe()
    {
        var obus = Av1TemporalUnit.Split(TemporalUnits()[0]);
        var seq = obus.First(o => (Av1ObuType)((o.Span[0] >> 3) & 0xF) == Av1ObuType.SequenceHeader).ToArray();

        Av1SequenceHeader.TryParse(seq, out var s).Should().BeTrue();

        s.MaxFrameWidth.Should().Be(320);
        s.MaxFrameHeight.Should().Be(240);
        s.Profile.Should().Be(0);
        s.LevelIdx.Should().Be(0);
        s.BitDepth.Should().Be(8);
        Av1SequenceHeaderInfo.ToApiProperties(seq).Should().BeEquivalentTo(new Dictionary<string, object>
        {
            ["width"] = 320, ["height"] = 240, ["profile"] = "Main", ["level"] = "2.0", ["tier"] = "Main",
        });
        Av1CodecConfigurationRecord.Build(seq).Should().Equal(CodecTestData.Load("av1.av1C"));
    }

    [Fact]
    public void TemporalUnits_SplitAndBackToLowOverhead_RoundTripAndKeyFlagsMatchFfprobe()
    {
        var units = TemporalUnits();

        units.Should().HaveCount(25);
        for (var i = 0; i < units.Count; i++)
        {
            var obus = Av1TemporalUnit.Split(units[i]);
            obus.Select(o => o.Span[0] & 0x02).Should().OnlyContain(b => b == 0, "unit form has no obu_size");
            Av1TemporalUnit.ToLowOverhead(obus).Should().Equal(units[i]);
            Av1TemporalUnit.IsRandomAccess(obus).Should().Be(i == 0);
        }
    }

    [Fact]
    public void ObuHeaderTryRead_EveryPrefix_FalseAndRandomBytesOnlyProtocolException()
    {
        var tu = TemporalUnits()[1];
        Av1ObuHeader.TryRead(tu, out var first).Should().BeTrue();
        var second = tu.AsSpan(first.TotalLength);
        Av1ObuHeader.TryRead(second, out var h).Should().BeTrue();
        for (var len = 0; len < h.TotalLength; len++)
        {
            Av1ObuHeader.TryRead(second[..len], out _).Should().BeFalse();
        }

        var rng = new Random(31);
        var buf = new byte[48];
        for (var i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            buf[0] = (byte)((buf[0] & 0x7F & ~0x78) | 0x08); // sequence header type
            try
            {
                _ = Av1SequenceHeader.TryParse(buf.AsSpan(0, rng.Next(buf.Length)), out _);
                _ = Av1TemporalUnit.Split(buf.AsSpan(0, rng.Next(buf.Length)));
            }
            catch (CodecProtocolException)
            {
            }
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(127u)]
    [InlineData(128u)]
    [InlineData(uint.MaxValue)]
    public void Leb128_WriteThenRead_RoundTrips(uint value)
    {
        var b = new byte[8];
        var n = Leb128.Write(b, value);

        n.Should().Be(Leb128.SizeOf(value));
        Leb128.TryRead(b.AsSpan(0, n), out var v, out var len).Should().BeTrue();
        (v, len).Should().Be((value, n));
        Leb128.TryRead(b.AsSpan(0, n - 1), out _, out _).Should().BeFalse();
    }
}
