using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp.Payloads;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Formats.Rtp.Payloads;

public sealed class RtpDepacketizerCaptureTests(ITestOutputHelper output)
{
    public static TheoryData<string, Codec, string?> Captures => new()
    {
        { "h264", new H264Codec(null, null), null },
        { "h265", new H265Codec(null, null, null), null },
        { "vp8", new Vp8Codec(), null },
        { "vp9", new Vp9Codec(), null },
        { "mjpeg", new MjpegCodec(), null },
        { "mpeg4", new Mpeg4VideoCodec(null), null },
        { "opus", new OpusCodec(), null },
        { "aac", new Mpeg4AudioCodec([0x11, 0x88], 48000, 1), "mpeg4-generic" },
        { "pcmu", new G711Codec(true), null },
        { "l16", new LpcmCodec(16, 16000, 2), null },
        { "mp2", new Mpeg12AudioCodec(), null },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Push_FfmpegCapture_RebuildsEveryFrame(string name, Codec codec, string? encoding)
    {
        var units = Depacketize(name, codec, encoding, out var depacketizer);
        output.WriteLine($"{name}: {units.Count} units, {units.Count(u => u.IsRandomAccess)} random access, {units.Sum(u => u.Payloads.Length)} payloads");
        depacketizer.DiscardedUnits.Should().Be(0);
        depacketizer.SkippedUnits.Should().Be(0);
        units.SelectMany(u => u.RtpPackets).Should().OnlyContain(p => p.Length > 12);
        (int Units, int Keys, int Payloads) expected = name switch
        {
            // 1 s at 25 fps with a key frame every 10 frames.
            "h264" or "h265" or "vp8" or "vp9" or "mpeg4" => (25, 3, -1),
            "mjpeg" => (25, 25, 25),
            "opus" => (51, 51, 51),                // 20 ms packets: 1 s plus the encoder pre-skip
            "aac" => (6, 6, 44),                   // AUs grouped by ffmpeg; the muxer never flushed its last group
            "mp2" => (-1, -1, 42),                 // 1152-sample frames
            _ => (-1, -1, -1),
        };
        if (expected.Units >= 0)
        {
            units.Should().HaveCount(expected.Units);
        }

        if (expected.Keys >= 0)
        {
            units.Count(u => u.IsRandomAccess).Should().Be(expected.Keys);
        }

        if (expected.Payloads >= 0)
        {
            units.Sum(u => u.Payloads.Length).Should().BeCloseTo(expected.Payloads, 1);
        }

        if (name is "pcmu")
        {
            units.Sum(u => u.Payloads.Sum(p => p.Length)).Should().Be(8000);
        }

        if (name is "l16")
        {
            units.Sum(u => u.Payloads.Sum(p => p.Length)).Should().Be(16000 * 4);
        }
    }

    [Fact]
    public void Push_MjpegCapture_RebuildsImagesFfprobeDecodes()
    {
        var units = Depacketize("mjpeg", new MjpegCodec(), null, out _);
        var path = Path.Combine(Path.GetTempPath(), $"mb-rtp-{Guid.NewGuid():N}.mjpeg");
        try
        {
            File.WriteAllBytes(path, units.SelectMany(u => u.Payloads[0].ToArray()).ToArray());
            var probe = ExternalTool.Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=width,height,nb_read_frames -of csv=p=0 -f mjpeg {path}");
            probe.Trim().Should().Be("160,120,25");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Push_LostPacketInH264_DropsUntilNextKeyFrame()
    {
        var packets = RtpDump.Packets("h264");
        var depacketizer = new H264Depacketizer();
        var units = new List<RtpDepacketizedUnit>();
        for (var i = 0; i < packets.Count; i++)
        {
            if (i != packets.Count / 4)
            {
                depacketizer.Push(packets[i], units);
            }
        }

        depacketizer.DiscardedUnits.Should().Be(1);
        units.Count.Should().BeLessThan(25);
        units.Count(u => u.IsRandomAccess).Should().Be(3);
    }

    internal static List<RtpDepacketizedUnit> Depacketize(string name, Codec codec, string? encoding, out RtpDepacketizer depacketizer)
    {
        depacketizer = RtpPayloadFormats.CreateDepacketizer(codec, encoding)!;
        var units = new List<RtpDepacketizedUnit>();
        foreach (var p in RtpDump.Packets(name))
        {
            depacketizer.Push(p, units);
        }

        return units;
    }
}
