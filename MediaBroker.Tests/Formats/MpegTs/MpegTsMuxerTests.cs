using System.Buffers;
using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using Xunit;
using static MediaBroker.Tests.Formats.MpegTs.TsTestSupport;

namespace MediaBroker.Tests.Formats.MpegTs;

public sealed class MpegTsMuxerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mpegts-mux-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("h264_aac.ts")]
    [InlineData("h265_opus.ts")]
    [InlineData("mp3.ts")]
    [InlineData("ac3.ts")]
    [InlineData("h264_wrap.ts")]
    [InlineData("mpeg2_mp2.ts")]
    [InlineData("mpeg4.ts")]
    public void WriteUnit_RemuxedCapture_FfprobeSeesSameStreamsAndFfmpegDecodesCleanly(string name)
    {
        var input = Path.Combine(AppContext.BaseDirectory, "TestData", "MpegTs", name);
        var output = Path.Combine(_dir, name);
        File.WriteAllBytes(output, Remux(Load(name)).WrittenSpan);

        var expected = TsExternalTool.ProbeStreams(input);
        var actual = TsExternalTool.ProbeStreams(output);
        expected.Should().NotBeEmpty().And.OnlyContain(d => d.ContainsKey("codec_name") && d.ContainsKey("nb_read_frames"));
        actual.Should().BeEquivalentTo(expected);

        var (code, _, errors) = TsExternalTool.Run("ffmpeg", $"-v error -i \"{output}\" -f null -");
        code.Should().Be(0);
        errors.Should().BeEmpty();
    }

    [Fact]
    public void WriteUnit_RemuxedCapture_DemuxesToIdenticalUnits()
    {
        var original = Demux(Load("h264_aac.ts"));
        var remuxed = Demux(Remux(Load("h264_aac.ts")).WrittenSpan);

        remuxed.Tracks.Should().HaveCount(2);
        for (var track = 0; track < 2; track++)
        {
            var (before, after) = (original.Of(track), remuxed.Of(track));
            after.Should().HaveCount(before.Count);
            for (var i = 0; i < before.Count; i++)
            {
                (after[i].Pts, after[i].Dts, after[i].IsRandomAccess).Should().Be((before[i].Pts, before[i].Dts, before[i].IsRandomAccess));
                Flatten(after[i]).Should().Equal(Flatten(before[i]));
            }
        }
    }

    [Fact]
    public void WriteTables_PatAndPmt_HaveValidCrcAndDescribeTracks()
    {
        var tracks = Demux(Load("h265_opus.ts")).Tracks!;
        var muxer = new MpegTsMuxer(tracks);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteTables(output);

        var packets = Packets(output.WrittenSpan.ToArray());
        packets.Should().HaveCount(2);
        Pid(packets[0]).Should().Be(0);
        Pid(packets[1]).Should().Be(MpegTsMuxer.PmtPid);
        foreach (var p in packets)
        {
            (p[1] & 0x40).Should().NotBe(0, "payload_unit_start");
            p[4].Should().Be(0, "pointer_field");
            var sectionLength = 3 + (BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(6)) & 0xFFF);
            MpegCrc32.Compute(p.AsSpan(5, sectionLength)).Should().Be(0u, "the CRC covers the whole section");
            p.AsSpan(5 + sectionLength).ToArray().Should().OnlyContain(b => b == 0xFF);
        }

        var pmtStreams = new List<TsPmtStream>();
        var pcrPid = TsProgramTables.ReadPmt(packets[1].AsSpan(5), pmtStreams, out _);
        pcrPid.Should().Be(0x100);
        pmtStreams.Should().Equal(
            new TsPmtStream(0x100, 0x24, 0, false, -1),
            new TsPmtStream(0x101, 0x06, TsProgramTables.FormatOpus, false, 2));
        TsProgramTables.ReadFirstProgramPid(packets[0].AsSpan(5), out _, out _).Should().Be(MpegTsMuxer.PmtPid);
    }

    [Fact]
    public void WriteUnit_Stream_ContinuityCountersPcrSpacingAndTablesBeforeKeyFrames()
    {
        var packets = Packets(Remux(Load("h264_aac.ts")).WrittenSpan.ToArray());

        var lastCc = new Dictionary<int, int>();
        var pcrs = new List<long>();
        var lastPatIndex = -100;
        var keyFrames = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            var p = packets[i];
            p[0].Should().Be(0x47);
            TsPacketHeader.TryRead(p, out var h).Should().BeTrue();
            if (h.HasPayload)
            {
                if (lastCc.TryGetValue(h.Pid, out var prev))
                {
                    h.ContinuityCounter.Should().Be((prev + 1) & 0xF, "packet {0} on PID {1}", i, h.Pid);
                }

                lastCc[h.Pid] = h.ContinuityCounter;
            }

            if (h.Pid == 0)
            {
                lastPatIndex = i;
            }

            if (h.Pcr >= 0)
            {
                h.Pid.Should().Be(0x100, "the PCR travels on the video PID");
                pcrs.Add(h.Pcr);
            }

            if (h.RandomAccess && h.Pid == 0x100)
            {
                keyFrames++;
                (i - lastPatIndex).Should().Be(2, "PAT and PMT come right before a key frame");
            }
        }

        keyFrames.Should().Be(2);
        pcrs.Zip(pcrs.Skip(1)).Should().OnlyContain(p => p.Second >= p.First && p.Second - p.First <= 40 * 27000);
        var tableCount = packets.Count(p => Pid(p) == 0);
        tableCount.Should().BeGreaterThanOrEqualTo(20, "tables repeat at least every 100 ms over 2 s");
    }

    [Fact]
    public void WriteUnit_AudioOnly_PcrOnAudioPid()
    {
        var packets = Packets(Remux(Load("mp3.ts")).WrittenSpan.ToArray());

        var pcrPackets = packets.Where(p => TsPacketHeader.TryRead(p, out var h) && h.Pcr >= 0).ToList();
        pcrPackets.Should().NotBeEmpty();
        pcrPackets.Should().OnlyContain(p => Pid(p) == 0x100);
    }

    [Fact]
    public void Constructor_UnsupportedTrack_IsSkipped()
    {
        var tracks = new[] { new Track(0, new MediaBroker.Codecs.Vp8Codec()), new Track(1, new MediaBroker.Codecs.Ac3Codec(48000, 2)) };

        var muxer = new MpegTsMuxer(tracks);

        muxer.Tracks.Should().ContainSingle().Which.Id.Should().Be(1);
        muxer.WriteUnit(new Unit { Track = tracks[0], Payloads = [new byte[] { 1 }] }, new ArrayBufferWriter<byte>()).Should().BeFalse();
    }

    private static ArrayBufferWriter<byte> Remux(byte[] ts)
    {
        var r = Demux(ts);
        var muxer = new MpegTsMuxer(r.Tracks!);
        var output = new ArrayBufferWriter<byte>();
        foreach (var u in r.Units)
        {
            muxer.WriteUnit(u, output).Should().BeTrue();
        }

        return output;
    }
}
