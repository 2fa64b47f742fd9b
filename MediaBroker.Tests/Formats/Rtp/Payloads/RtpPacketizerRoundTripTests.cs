using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Payloads;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Payloads;

public sealed class RtpPacketizerRoundTripTests
{
    public static TheoryData<string, Codec, string?, int> Captured => new()
    {
        { "h264", new H264Codec(null, null), null, 1200 },
        { "h264", new H264Codec(null, null), null, 100 },
        { "h265", new H265Codec(null, null, null), null, 1200 },
        { "h265", new H265Codec(null, null, null), null, 100 },
        { "vp8", new Vp8Codec(), null, 300 },
        { "vp9", new Vp9Codec(), null, 300 },
        { "mjpeg", new MjpegCodec(), null, 500 },
        { "mpeg4", new Mpeg4VideoCodec(null), null, 400 },
        { "opus", new OpusCodec(), null, 1200 },
        { "aac", new Mpeg4AudioCodec([0x11, 0x88], 48000, 1), null, 1200 },
        { "aac", new Mpeg4AudioCodec([0x11, 0x88], 48000, 1), null, 100 },
        { "mp2", new Mpeg12AudioCodec(), null, 1200 },
        { "mp2", new Mpeg12AudioCodec(), null, 300 },
        { "pcmu", new G711Codec(true), null, 300 },
        { "l16", new LpcmCodec(16, 16000, 2), null, 301 },
    };

    [Theory]
    [MemberData(nameof(Captured))]
    public void Depacketize_PacketizedRealUnits_GivesSameUnits(string name, Codec codec, string? encoding, int maxPayload)
    {
        var source = RtpDepacketizerCaptureTests.Depacketize(name, codec, encoding: name == "aac" ? "mpeg4-generic" : null, out _);
        var units = source.Select(u => u.Payloads).ToList();
        var result = RoundTrip(codec, encoding, maxPayload, units, out var sizes);
        sizes.Should().OnlyContain(s => s <= maxPayload);
        if (codec.Kind == MediaKind.Audio && codec is not (OpusCodec or LpcmCodec or G711Codec))
        {
            // Audio may be regrouped at other packet boundaries: the frames (or samples) must be identical.
            result.SelectMany(u => u).Select(p => p.ToArray()).Should().BeEquivalentTo(units.SelectMany(u => u).Select(p => p.ToArray()), o => o.WithStrictOrdering());
        }

        if (codec is LpcmCodec or G711Codec)
        {
            // Sample formats may be re-split at other boundaries: the samples must be identical.
            Flatten(result).Should().Equal(Flatten(units));
        }
        else if (codec.Kind == MediaKind.Video || codec is OpusCodec)
        {
            result.Should().HaveCount(units.Count);
            for (var i = 0; i < units.Count; i++)
            {
                result[i].Select(p => p.ToArray()).Should().BeEquivalentTo(units[i].Select(p => p.ToArray()), o => o.WithStrictOrdering(), $"unit {i}");
            }
        }
    }

    [Fact]
    public void Depacketize_PacketizedAv1_GivesSameObus()
    {
        var random = new Random(7);
        var units = new List<ReadOnlyMemory<byte>[]>();
        for (var i = 0; i < 10; i++)
        {
            var frame = new byte[1 + random.Next(1, 5000)];
            random.NextBytes(frame);
            frame[0] = 6 << 3; // OBU_FRAME, no size field
            units.Add(i % 5 == 0 ? [new byte[] { 1 << 3, 0, 0, 8 }, frame] : [frame]);
        }

        foreach (var max in new[] { 64, 300, 1200 })
        {
            var result = RoundTrip(new Av1Codec(null), null, max, units, out var sizes);
            sizes.Should().OnlyContain(s => s <= max);
            result.Should().HaveCount(units.Count);
            for (var i = 0; i < units.Count; i++)
            {
                result[i].Select(p => p.ToArray()).Should().BeEquivalentTo(units[i].Select(p => p.ToArray()), o => o.WithStrictOrdering());
            }
        }
    }

    [Fact]
    public void Depacketize_PacketizedAc3_GivesSameFrames()
    {
        var units = new List<ReadOnlyMemory<byte>[]>();
        for (var i = 0; i < 4; i++)
        {
            var frame = new byte[512];
            new Random(i).NextBytes(frame);
            frame[0] = 0x0B;
            frame[1] = 0x77;
            frame[4] = 16; // 48 kHz, frmsizecod 16 = 256 kbit/s = 512 bytes
            units.Add([frame]);
        }

        foreach (var max in new[] { 200, 1200 })
        {
            var result = RoundTrip(new Ac3Codec(48000, 2), null, max, units, out _);
            result.Select(u => u.Single().ToArray()).Should().BeEquivalentTo(units.Select(u => u[0].ToArray()), o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void Packetize_H264IdrWithoutParameterSets_PrependsSpsPps()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1E, 0xD9];
        byte[] pps = [0x68, 0xCE, 0x3C, 0x80];
        var packetizer = new H264Packetizer(new RtpPacketizerOptions { PayloadType = 96 }, new H264Codec(sps, pps));
        var packets = packetizer.Packetize([new byte[] { 0x65, 1, 2, 3 }], 0);
        var depacketizer = new H264Depacketizer();
        var units = new List<RtpDepacketizedUnit>();
        foreach (var p in packets)
        {
            RtpPacket.TryParse(p, out var parsed).Should().BeTrue();
            depacketizer.Push(parsed, units);
        }

        units.Single().Payloads.Select(p => p.Span[0] & 0x1F).Should().Equal(7, 8, 5);
    }

    internal static List<ReadOnlyMemory<byte>[]> RoundTrip(Codec codec, string? encoding, int maxPayload, List<ReadOnlyMemory<byte>[]> units, out List<int> payloadSizes)
    {
        var packetizer = RtpPayloadFormats.CreatePacketizer(codec, new RtpPacketizerOptions { PayloadType = 97, MaxPayloadSize = maxPayload })!;
        var depacketizer = RtpPayloadFormats.CreateDepacketizer(codec, encoding)!;
        var output = new List<RtpDepacketizedUnit>();
        payloadSizes = [];
        uint ts = 1000;
        foreach (var unit in units)
        {
            foreach (var raw in packetizer.Packetize(unit, ts))
            {
                RtpPacket.TryParse(raw, out var packet).Should().BeTrue();
                payloadSizes.Add(packet.Payload.Length);
                depacketizer.Push(packet, output);
            }

            ts += 3000;
        }

        depacketizer.DiscardedUnits.Should().Be(0);
        return output.Select(u => u.Payloads).ToList();
    }

    private static byte[] Flatten(List<ReadOnlyMemory<byte>[]> units) => units.SelectMany(u => u).SelectMany(p => p.ToArray()).ToArray();
}
