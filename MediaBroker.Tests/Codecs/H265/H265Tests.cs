using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.H265;
using Xunit;

namespace MediaBroker.Tests.Codecs.H265;

public sealed class H265Tests
{
    private const string Stream = "h265_main10.h265";

    internal static List<ReadOnlyMemory<byte>[]> AccessUnits() =>
        CodecTestData.AccessUnits(Stream, n => H265Nalu.StartsAccessUnit(n.Span), n => H265Nalu.IsVcl(H265Nalu.TypeOf(n.Span)));

    internal static byte[] First(H265NalUnitType type) =>
        AccessUnits().SelectMany(au => au).First(n => H265Nalu.TypeOf(n.Span) == type).ToArray();

    [Fact]
    public void SpsTryParse_Main10WithConformanceWindow_MatchesFfprobe()
    {
        var sps = First(H265NalUnitType.Sps);

        H265Sps.TryParse(sps, out var s).Should().BeTrue();

        s.Width.Should().Be(330);
        s.Height.Should().Be(250);
        s.BitDepthLuma.Should().Be(10);
        s.ChromaFormatIdc.Should().Be(1);
        s.ProfileTierLevel.LevelIdc.Should().Be(60);
        s.MaxNumReorderPics.Should().BeGreaterThan(0);
        H265SpsInfo.ToApiProperties(sps).Should().BeEquivalentTo(new Dictionary<string, object>
        {
            ["width"] = 330, ["height"] = 250, ["profile"] = "Main 10", ["level"] = "2",
        });
    }

    [Fact]
    public void VpsTryParse_RealStream_ReturnsTimingAndProfile()
    {
        H265Vps.TryParse(First(H265NalUnitType.Vps), out var vps).Should().BeTrue();

        vps.FrameRate.Should().BeNull("x265 puts timing in the SPS VUI only");
        H265Sps.TryParse(First(H265NalUnitType.Sps), out var sps).Should().BeTrue();
        sps.FrameRate.Should().Be(25);
        vps.ProfileTierLevel.ProfileIdc.Should().Be(2);
    }

    [Theory]
    [InlineData(123, "4.1")]
    [InlineData(120, "4")]
    [InlineData(153, "5.1")]
    public void LevelName_GeneralLevelIdc_DividesByThirty(int idc, string expected) =>
        H265SpsInfo.LevelName(idc).Should().Be(expected);

    [Fact]
    public void IsRandomAccess_RealStream_MatchesFfprobeKeyFlags()
    {
        var aus = AccessUnits();
        var packets = CodecTestData.Packets("h265_main10.packets.csv");

        aus.Should().HaveCount(packets.Count);
        aus.Select(au => H265Nalu.IsRandomAccess(au)).Should().Equal(packets.Select(p => p.Key));
    }

    [Fact]
    public void DecoderConfigurationRecord_FfmpegHvcC_ParsesAndBuildMatchesFields()
    {
        HevcDecoderConfigurationRecord.TryParse(CodecTestData.Load("h265_main10.hvcC"), out var ff).Should().BeTrue();
        var vps = First(H265NalUnitType.Vps);
        var sps = First(H265NalUnitType.Sps);
        var pps = First(H265NalUnitType.Pps);

        HevcDecoderConfigurationRecord.TryParse(HevcDecoderConfigurationRecord.Build(vps, sps, pps), out var ours).Should().BeTrue();

        ff.Find(H265NalUnitType.Sps).Should().Equal(sps);
        ff.Find(H265NalUnitType.Pps).Should().Equal(pps);
        ours.Find(H265NalUnitType.Vps).Should().Equal(vps);
        ours.ProfileTierLevel.Should().Be(ff.ProfileTierLevel);
        ours.ChromaFormatIdc.Should().Be(ff.ChromaFormatIdc);
        ours.BitDepthLuma.Should().Be(10);
        ours.BitDepthChroma.Should().Be(ff.BitDepthChroma);
        ours.NumTemporalLayers.Should().Be(ff.NumTemporalLayers);
        ours.TemporalIdNested.Should().Be(ff.TemporalIdNested);
        ours.LengthSize.Should().Be(ff.LengthSize);
    }

    [Fact]
    public void DecoderConfigurationRecord_EveryIncompletePrefix_ReturnsFalse()
    {
        var record = HevcDecoderConfigurationRecord.Build(First(H265NalUnitType.Vps), First(H265NalUnitType.Sps), First(H265NalUnitType.Pps));
        for (var len = 0; len < record.Length; len++)
        {
            HevcDecoderConfigurationRecord.TryParse(record.AsSpan(0, len), out _).Should().BeFalse();
        }
    }

    [Fact]
    public void DtsExtractor_BFrameStream_MatchesFfprobeDtsUpToConstantOffset()
    {
        var aus = AccessUnits();
        var packets = CodecTestData.Packets("h265_main10.packets.csv");
        var extractor = new H265DtsExtractor();

        var dts = aus.Select((au, i) => extractor.Extract(au, packets[i].Pts * 90000 / 12800)).ToList();

        for (var i = 0; i < dts.Count; i++)
        {
            dts[i].Should().BeLessThanOrEqualTo(packets[i].Pts * 90000 / 12800);
            if (i > 0)
            {
                dts[i].Should().BeGreaterThan(dts[i - 1]);
            }
        }

        dts.Select((d, i) => d - (packets[i].Dts * 90000 / 12800)).Distinct().Should().ContainSingle();
    }

    [Fact]
    public void Parsers_RandomBytes_OnlyThrowCodecProtocolException()
    {
        var rng = new Random(11);
        var buf = new byte[80];
        var realSps = First(H265NalUnitType.Sps);
        for (var i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            var len = rng.Next(buf.Length);
            foreach (var type in new[] { H265NalUnitType.Vps, H265NalUnitType.Sps, H265NalUnitType.Pps })
            {
                buf[0] = (byte)((int)type << 1);
                try
                {
                    if (H265Sps.TryParse(buf.AsSpan(0, len), out var sps))
                    {
                        // What parses holds the ranges of H.265 7.4.3.2.1 (out-of-range fields throw instead).
                        sps.ChromaFormatIdc.Should().BeInRange(0, 3);
                        sps.BitDepthLuma.Should().BeInRange(8, 16);
                    }
                }
                catch (CodecProtocolException)
                {
                }

                try
                {
                    _ = H265Vps.TryParse(buf.AsSpan(0, len), out _);
                }
                catch (CodecProtocolException)
                {
                }

                try
                {
                    if (HevcDecoderConfigurationRecord.TryParse(buf.AsSpan(0, len), out var record))
                    {
                        record.LengthSize.Should().BeOneOf(1, 2, 4);
                    }
                }
                catch (CodecProtocolException)
                {
                }
            }

            if (i % 1000 == 0)
            {
                // The noise left nothing behind: the real SPS still parses to the same picture.
                H265Sps.TryParse(realSps, out var real).Should().BeTrue();
                (real.Width, real.Height).Should().Be((330, 250));
            }
        }

    }
}
