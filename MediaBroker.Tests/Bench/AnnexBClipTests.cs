using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The latency SEI on real x264 output: the marked stream must still decode frame for frame.</summary>
public sealed class AnnexBClipTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("mb-annexb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WithMarker_EveryAccessUnitOfX264Clip_DecodesAllFramesAndMarkersReadBack()
    {
        var source = Path.Combine(_dir, "clip.h264");
        await using (var encode = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "h264", source,
        ]))
        {
            (await encode.WaitForExitAsync(Timeout)).Should().Be(0, encode.Output);
        }

        var clip = AnnexBClip.Parse(await File.ReadAllBytesAsync(source));
        clip.AccessUnits.Should().HaveCount(50, "2 s at 25 fps");
        (clip.Sps[0] & 0x1f).Should().Be(7);
        (clip.Pps[0] & 0x1f).Should().Be(8);

        var marked = Path.Combine(_dir, "marked.h264");
        var sei = new byte[SeiMarker.MaxNalSize];
        var nals = new List<ReadOnlyMemory<byte>>();
        await using (var file = File.Create(marked))
        {
            for (var i = 0; i < clip.AccessUnits.Count; i++)
            {
                AnnexBClip.WithMarker(clip.AccessUnits[i], sei, i, 1_000_000 + i, nals);
                nals.Count(n => (n.Span[0] & 0x1f) == 6 && SeiMarker.TryFind(n.Span, out _, out _)).Should().Be(1);
                foreach (var nal in nals)
                {
                    file.Write([0, 0, 0, 1]);
                    file.Write(nal.Span);
                }
            }
        }

        // Read the markers back from the file as a reader would (a byte search), in order.
        var bytes = await File.ReadAllBytesAsync(marked);
        var found = new List<long>();
        for (var at = 0; SeiMarker.TryFind(bytes.AsSpan(at), out var seq, out var time); at += bytes.AsSpan(at).IndexOf(SeiMarker.Uuid) + 16)
        {
            time.Should().Be(1_000_000 + seq);
            found.Add(seq);
        }

        found.Should().Equal(Enumerable.Range(0, 50).Select(i => (long)i));

        var probed = await MediaTools.ProbeAsync(marked, 100);
        probed.Should().ContainSingle(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames == 50);
        await using var decode = ExternalProcess.Start("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", marked, "-f", "null", "-"]);
        (await decode.WaitForExitAsync(Timeout)).Should().Be(0);
        decode.Output.Trim().Should().BeEmpty("the decoder reports no error on the marked stream");
    }

    [Fact]
    public void WithMarker_KeyFrame_SeiGoesAfterParameterSetsBeforeSlice()
    {
        byte[][] au = [[0x67, 0x42, 0xC0, 0x1E], [0x68, 0xCE], [0x65, 0x88, 0x84]];
        var nals = AnnexBClip.WithMarker(au, new byte[SeiMarker.MaxNalSize], 7, 8, []);

        nals.Select(n => n.Span[0] & 0x1f).Should().Equal(7, 8, 6, 5);
        AnnexBClip.IsKeyFrame(au).Should().BeTrue();
        BinaryPrimitives.ReadUInt16BigEndian(nals[2].Span[1..]).Should().Be(0x0520, "payloadType 5, payloadSize 32");
    }
}
