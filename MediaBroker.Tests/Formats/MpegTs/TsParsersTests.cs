using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.MpegTs;
using Xunit;
using static MediaBroker.Tests.Formats.MpegTs.TsTestSupport;

namespace MediaBroker.Tests.Formats.MpegTs;

public sealed class TsParsersTests
{
    [Fact]
    public void TryRead_PesHeaderFromCapture_EveryPrefixNeedsMoreDataThenDone()
    {
        // The first video packet of the capture starts a PES with PTS and DTS.
        var packet = Packets(Load("h264_aac.ts")).First(p => Pid(p) == 0x100 && (p[1] & 0x40) != 0);
        TsPacketHeader.TryRead(packet, out var h).Should().BeTrue();
        var pes = packet.AsSpan(h.PayloadOffset).ToArray();

        PesHeader.TryRead(pes, out var header).Should().Be(OperationStatus.Done);
        header.StreamId.Should().Be(0xE0);
        (header.Pts, header.Dts, header.HeaderLength).Should().Be((133200L, 126000L, 19));
        for (var len = 0; len < header.HeaderLength; len++)
        {
            PesHeader.TryRead(pes.AsSpan(0, len), out _).Should().Be(OperationStatus.NeedMoreData, "prefix of {0} bytes", len);
        }
    }

    [Fact]
    public void WriteTimestamp_RoundTripsAll33Bits()
    {
        Span<byte> b = stackalloc byte[5];
        foreach (var v in new[] { 0L, 1L, 126000L, (1L << 32) + 12345, (1L << 33) - 1 })
        {
            PesHeader.WriteTimestamp(b, 0x2, v);
            PesHeader.ReadTimestamp(b).Should().Be(v);
        }
    }

    [Fact]
    public void Unwrap_ValuesAcrossThe33BitWrap_KeepIncreasing()
    {
        var u = new TsTimestampUnwrapper();
        var wrap = 1L << 33;

        u.Unwrap(wrap - 3000).Should().Be(wrap - 3000);
        u.Unwrap(wrap - 100).Should().Be(wrap - 100);
        u.Unwrap(500).Should().Be(wrap + 500);
        u.Unwrap(wrap - 50).Should().Be(wrap - 50, "a slightly earlier stream (audio) before the wrap stays in its window");
        u.Unwrap(4000).Should().Be(wrap + 4000);
    }

    [Fact]
    public void Compute_MpegCrc32_KnownCheckValue()
    {
        // CRC-32/MPEG-2 check value for "123456789".
        MpegCrc32.Compute("123456789"u8).Should().Be(0x0376E6E7u);
    }

    [Fact]
    public void Push_PmtSplitAcrossPackets_Reassembled()
    {
        var sink = new Sink();
        var assembler = new PsiSectionAssembler();
        var pmt = Packets(Load("h264_aac.ts")).First(p => Pid(p) == 0x1000);
        var payload = pmt.AsSpan(4).ToArray();
        var sectionLength = 3 + (((payload[2] & 0xF) << 8) | payload[3]);

        for (var split = 1; split < 1 + sectionLength; split++)
        {
            sink.Sections.Clear();
            assembler.Push(payload.AsSpan(0, split), unitStart: true, sink, 0x1000);
            assembler.Push(payload.AsSpan(split), unitStart: false, sink, 0x1000);
            sink.Sections.Should().ContainSingle("split at {0}", split).Which.Length.Should().Be(sectionLength);
        }
    }

    [Fact]
    public void StaticParsers_RandomBytes_OnlyThrowMpegTsProtocolException()
    {
        var rng = new Random(99);
        var buf = new byte[400];
        var streams = new List<TsPmtStream>();
        for (var round = 0; round < 20000; round++)
        {
            rng.NextBytes(buf);
            var len = rng.Next(buf.Length);
            buf[0] = round % 2 == 0 ? (byte)0x47 : buf[0];
            var data = buf.AsSpan(0, len).ToArray();
            Guard(() => TsPacketHeader.TryRead(data, out _));
            Guard(() => PesHeader.TryRead(data, out _));
            Guard(() => TsProgramTables.ReadPmt(data, streams, out _));
            Guard(() => TsProgramTables.ReadFirstProgramPid(data, out _, out _));
            Guard(() => OpusTsFraming.TryReadControlHeader(data, out _, out _));
        }
    }

    private static void Guard(Action parse)
    {
        try
        {
            parse();
        }
        catch (MpegTsProtocolException)
        {
        }
    }

    private static void Guard<T>(Func<T> parse) => Guard(() => { _ = parse(); });

    private sealed class Sink : ISectionSink
    {
        public List<byte[]> Sections { get; } = [];

        public void OnSection(int pid, ReadOnlySpan<byte> section) => Sections.Add(section.ToArray());
    }
}
