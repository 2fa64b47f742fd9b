using FluentAssertions;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Tests.Security;
using Xunit;

namespace MediaBroker.Tests.Formats.MpegTs;

/// <summary>
/// The demuxer's bounds against hostile program tables: how many elementary streams it tracks, which program it
/// follows when the PAT lists thousands, and how many PES bytes all its streams may buffer together.
/// </summary>
public sealed class MpegTsDemuxerLimitsTests
{
    [Fact]
    public void PmtListingMoreStreamsThanTheLimit_TracksTheFirstOnes()
    {
        var ts = new HostileTs();
        var result = TsTestSupport.Demux(TsTestSupport.Concat([.. ts.Pat(1), .. ts.Pmt(), ts.WholePes(HostileTs.FirstEsPid, 9000)]));

        HostileTs.PmtStreams.Should().BeGreaterThan(MpegTsDemuxer.MaxElementaryStreams);
        result.Tracks.Should().HaveCount(MpegTsDemuxer.MaxElementaryStreams);
        result.Units.Should().ContainSingle().Which.Track.Id.Should().Be(0);
    }

    [Fact]
    public void PatOfThousandsOfPrograms_FollowsTheFirstProgramOfSectionZero()
    {
        var ts = new HostileTs();
        // 4,000 programs: 16 PAT sections, each of whose first program has its PMT on another PID.
        var pat = ts.Pat(4000).ToList();
        pat.Count.Should().BeGreaterThan(16);
        var result = TsTestSupport.Demux(TsTestSupport.Concat([.. pat, .. ts.Pmt(), .. ts.Pat(4000), ts.WholePes(HostileTs.FirstEsPid + 1, 9000)]));

        result.Tracks.Should().HaveCount(MpegTsDemuxer.MaxElementaryStreams, "the PMT of program 1 (section 0) is the one followed");
        result.Units.Should().ContainSingle().Which.Track.Id.Should().Be(1);
    }

    [Fact]
    public void UnboundedPesOnEveryStream_BufferedBytesStayWithinTheBudget_TheStreamGoesOn()
    {
        var ts = new HostileTs();
        var units = 0;
        var demuxer = new MpegTsDemuxer(_ => { }, _ => units++);
        Push(demuxer, [.. ts.Pat(1), .. ts.Pmt(), ts.WholePes(HostileTs.FirstEsPid, 9000)]);
        units.Should().Be(1);

        // A PES without a length on each tracked stream, then 1.2 MB more of each: 38 MB in all, each PES well under
        // the 16 MB a single one may reach. Growing by doubling, the buffers would hold 64 MB without the shared bound.
        for (var i = 0; i < MpegTsDemuxer.MaxElementaryStreams; i++)
        {
            demuxer.Push(ts.OpenPes(HostileTs.FirstEsPid + i, 18000));
        }

        var packetsEach = (int)(1.2 * (1 << 20) / 184);
        long peak = 0;
        for (var k = 0; k < packetsEach; k++)
        {
            for (var i = 0; i < MpegTsDemuxer.MaxElementaryStreams; i++)
            {
                demuxer.Push(ts.Continuation(HostileTs.FirstEsPid + i));
            }

            peak = Math.Max(peak, demuxer.BufferedPesBytes);
        }

        peak.Should().BeGreaterThan(MpegTsDemuxer.MaxBufferedPesBytes / 2, "the streams did buffer");
        peak.Should().BeLessThanOrEqualTo(MpegTsDemuxer.MaxBufferedPesBytes);
        demuxer.PesErrors.Should().BePositive("PES that would pass the shared bound are dropped");

        // The dropped streams gave their buffers back, and the next PES on any stream is a unit again.
        var before = units;
        Push(demuxer, [ts.WholePes(HostileTs.FirstEsPid + 3, 27000), ts.WholePes(HostileTs.FirstEsPid + 3, 30000)]);
        units.Should().BeGreaterThan(before);
    }

    private static void Push(MpegTsDemuxer demuxer, IEnumerable<byte[]> packets)
    {
        foreach (var p in packets)
        {
            demuxer.Push(p);
        }
    }
}
