using FluentAssertions;
using MediaBroker.Codecs.H264;
using Xunit;

namespace MediaBroker.Tests.Codecs.H264;

public sealed class H264DtsExtractorTests
{

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Extract_BFrameStream_MatchesFfprobeDtsUpToConstantOffset(bool useVuiReorder)
    {
        var aus = H264TestStreams.AccessUnits("h264_bf2.h264");
        var packets = CodecTestData.Packets("h264_bf2.packets.csv");
        var extractor = new H264DtsExtractor(90000) { UseSignalledReorder = useVuiReorder };

        var dts = new List<long>();
        for (var i = 0; i < aus.Count; i++)
        {
            dts.Add(extractor.Extract(aus[i], To90k(packets[i].Pts)));
        }

        for (var i = 0; i < aus.Count; i++)
        {
            dts[i].Should().BeLessThanOrEqualTo(To90k(packets[i].Pts), "frame {0}", i);
            if (i > 0)
            {
                dts[i].Should().BeGreaterThan(dts[i - 1], "frame {0}", i);
            }
        }

        // Without VUI the reorder depth is learned from the first P frame's POC, so the first GOP may
        // start with a few one-tick steps; from the second GOP on the DTS is exact.
        var from = useVuiReorder ? 0 : 25;
        var offsets = dts.Skip(from).Select((d, i) => d - To90k(packets[i + from].Dts)).Distinct();
        offsets.Should().ContainSingle();
    }

    [Fact]
    public void Extract_NoBFrames_ReturnsPts()
    {
        var aus = H264TestStreams.AccessUnits("h264_baseline.h264");
        var extractor = new H264DtsExtractor();

        for (var i = 0; i < aus.Count; i++)
        {
            extractor.Extract(aus[i], i * 3600L).Should().Be(i * 3600L);
        }
    }

    [Fact]
    public void Extract_PtsJumpsBackAndGarbage_NeverAbovePts()
    {
        var aus = H264TestStreams.AccessUnits("h264_bf2.h264");
        var packets = CodecTestData.Packets("h264_bf2.packets.csv");
        var extractor = new H264DtsExtractor();
        var rng = new Random(3);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < aus.Count; i++)
            {
                var pts = To90k(packets[i].Pts) + 1_000_000 - (round * 500_000);
                ReadOnlyMemory<byte>[] au = i % 7 == 3 ? [RandomSlice(rng)] : aus[i];
                extractor.Extract(au, pts).Should().BeLessThanOrEqualTo(pts);
            }
        }
    }

    private static ReadOnlyMemory<byte> RandomSlice(Random rng)
    {
        var b = new byte[rng.Next(2, 40)];
        rng.NextBytes(b);
        b[0] = 0x41;
        return b;
    }

    private static long To90k(long t) => t * 90000 / 12800;
}
