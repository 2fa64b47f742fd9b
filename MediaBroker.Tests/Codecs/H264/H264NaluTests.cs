using FluentAssertions;
using MediaBroker.Codecs.H264;
using Xunit;

namespace MediaBroker.Tests.Codecs.H264;

public sealed class H264NaluTests
{
    [Fact]
    public void IsRandomAccess_RealStream_MatchesFfprobeKeyFlags()
    {
        var aus = H264TestStreams.AccessUnits("h264_bf2.h264");
        var packets = CodecTestData.Packets("h264_bf2.packets.csv");

        aus.Should().HaveCount(packets.Count);
        aus.Select(au => H264Nalu.IsRandomAccess(au)).Should().Equal(packets.Select(p => p.Key));
    }

    [Fact]
    public void StartsAccessUnit_ParameterSetAndFirstSlice_True()
    {
        H264Nalu.StartsAccessUnit([0x67, 0x64]).Should().BeTrue();
        H264Nalu.StartsAccessUnit([0x65, 0x88]).Should().BeTrue();
        H264Nalu.StartsAccessUnit([0x41, 0x40]).Should().BeFalse();
    }
}
