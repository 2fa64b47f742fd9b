using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Mp4BoxHeaderTests
{
    [Fact]
    public void TryReadBox_EveryIncompletePrefix_NeedsMoreDataAndConsumesNothing()
    {
        var file = Fmp4TestMedia.Load("h264_aac.mp4");
        Mp4BoxHeader.TryReadBox(file, isFinalBlock: false, out var first, out var consumed).Should().Be(OperationStatus.Done);
        consumed.Should().Be((int)first.Size);
        first.Type.Should().Be(Mp4BoxTypes.Ftyp);
        for (var n = 0; n < first.Size; n++)
        {
            Mp4BoxHeader.TryReadBox(file.AsSpan(0, n), false, out _, out var c).Should().Be(OperationStatus.NeedMoreData);
            c.Should().Be(0);
        }
    }

    [Fact]
    public void TryReadBox_SplitAtEveryOffset_YieldsTheSameBoxes()
    {
        var src = Fmp4TestMedia.Demux("vp9_opus.mp4");
        var data = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var whole = Parse([data]);
        whole.Sum(b => b.Size).Should().Be(data.Length);
        var step = Math.Max(1, data.Length / 700); // every offset of the init segment region, then a stride
        for (var split = 1; split < data.Length; split += split < 2048 ? 1 : step)
        {
            Parse([data[..split], data[split..]]).Should().Equal(whole);
        }
    }

    [Fact]
    public void TryReadBox_OneBytePerSegment_YieldsTheSameBoxes()
    {
        var src = Fmp4TestMedia.Demux("mjpeg.mp4");
        var all = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var firstThree = Parse([all]).Take(3).Sum(b => b.Size); // ftyp, moov, moof
        var data = all[..(int)firstThree];
        var whole = Parse([data]);
        whole.Should().HaveCount(3);
        Parse(data.Select(b => new[] { b }).ToArray()).Should().Equal(whole);
    }

    [Fact]
    public void TryRead_LargeSizeAndSizeZero_Resolve()
    {
        byte[] large = [0, 0, 0, 1, (byte)'m', (byte)'d', (byte)'a', (byte)'t', 0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4];
        Mp4BoxHeader.TryRead(large, out var h).Should().Be(OperationStatus.Done);
        h.Should().Be(new Mp4BoxHeader(Mp4BoxTypes.Mdat, 16, 20));
        Mp4BoxHeader.TryRead(large.AsSpan(0, 12), out _).Should().Be(OperationStatus.NeedMoreData);

        byte[] toEnd = [0, 0, 0, 0, (byte)'m', (byte)'d', (byte)'a', (byte)'t', 9, 9];
        Mp4BoxHeader.TryRead(toEnd, out h).Should().Be(OperationStatus.Done);
        h.Size.Should().Be(10);
        Mp4BoxHeader.TryReadBox(toEnd, isFinalBlock: false, out _, out _).Should().Be(OperationStatus.NeedMoreData);
        Mp4BoxHeader.TryReadBox(toEnd, isFinalBlock: true, out _, out var consumed).Should().Be(OperationStatus.Done);
        consumed.Should().Be(10);
    }

    [Fact]
    public void TryRead_SizeSmallerThanHeader_Throws()
    {
        byte[] bad = [0, 0, 0, 7, (byte)'f', (byte)'r', (byte)'e', (byte)'e'];
        var act = () => Mp4BoxHeader.TryRead(bad, out _);
        act.Should().Throw<Mp4ProtocolException>();
    }

    /// <summary>A streaming reader: accumulate segments, take every complete box, keep the rest.</summary>
    private static List<(uint Type, long Size)> Parse(byte[][] segments)
    {
        var boxes = new List<(uint, long)>();
        var pending = new List<byte>();
        foreach (var seg in segments)
        {
            pending.AddRange(seg);
            while (true)
            {
                var span = pending.ToArray();
                if (Mp4BoxHeader.TryReadBox(span, false, out var h, out var consumed) != OperationStatus.Done)
                {
                    break;
                }

                boxes.Add((h.Type, h.Size));
                pending.RemoveRange(0, consumed);
            }
        }

        pending.Should().BeEmpty();
        return boxes;
    }
}
