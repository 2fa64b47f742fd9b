using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Payloads;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Payloads;

public sealed class RtpDepacketizerRandomTests
{
    public static TheoryData<Codec, string?> Codecs => new()
    {
        { new H264Codec(null, null), null }, { new H265Codec(null, null, null), null }, { new Av1Codec(null), null },
        { new Vp8Codec(), null }, { new Vp9Codec(), null }, { new Mpeg4VideoCodec(null), null }, { new Mpeg12VideoCodec(), null },
        { new MjpegCodec(), null }, { new Mpeg4AudioCodec([0x11, 0x90], 48000, 2), null }, { new Mpeg4AudioCodec([0x11, 0x90], 48000, 2), "MP4A-LATM" },
        { new Mpeg12AudioCodec(), null }, { new Ac3Codec(48000, 2), null }, { new OpusCodec(), null },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Push_RandomPayloads_NeverThrows(Codec codec, string? encoding)
    {
        // Malformed payloads are counted, never thrown: a bad packet must not end the session.
        var random = new Random(codec.Name.Length + (encoding?.Length ?? 0));
        var depacketizer = RtpPayloadFormats.CreateDepacketizer(codec, encoding)!;
        var output = new List<RtpDepacketizedUnit>();
        ushort seq = 0;
        uint ts = 0;
        for (var i = 0; i < 20000; i++)
        {
            var payload = new byte[random.Next(0, 64)];
            random.NextBytes(payload);
            if (random.Next(8) == 0)
            {
                ts += 3000;
            }

            var skip = random.Next(50) == 0 ? 2 : 1;
            seq += (ushort)skip;
            depacketizer.Push(new RtpPacket(new RtpHeader(random.Next(3) == 0, 96, seq, ts, 1), payload), output);
            output.Clear();
        }
    }
}
