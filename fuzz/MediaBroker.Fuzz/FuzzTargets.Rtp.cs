using System.Buffers.Binary;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>The fixed master key and salt of the SRTP targets; fuzz/make-corpus.sh protects its seeds with them.</summary>
    internal static readonly byte[] SrtpMasterKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    internal static readonly byte[] SrtpMasterSalt = [.. Enumerable.Range(101, 14).Select(i => (byte)i)];

    internal static readonly SrtpProfile[] SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    private static IEnumerable<FuzzTarget> RtpTargets() =>
    [
        new("rtp", "RtpPacket.TryParse of each datagram", data => ForEachPacket(data, p => Expect<RtpProtocolException>(() => RtpPacket.TryParse(p, out _)))),
        new("rtcp", "RtcpParser.ParseCompound of each datagram", Rtcp),
        new("srtp", "SrtpContext.UnprotectRtp/UnprotectRtcp with a known key (first byte: profile and RTP/RTCP)", Srtp),
        Depacketizer("rtp-h264", () => new H264Codec(null, null)),
        Depacketizer("rtp-h265", () => new H265Codec(null, null, null)),
        Depacketizer("rtp-av1", () => new Av1Codec(null)),
        Depacketizer("rtp-vp8", () => new Vp8Codec()),
        Depacketizer("rtp-vp9", () => new Vp9Codec()),
        Depacketizer("rtp-mpeg4video", () => new Mpeg4VideoCodec(null)),
        Depacketizer("rtp-mpeg12video", () => new Mpeg12VideoCodec()),
        Depacketizer("rtp-mjpeg", () => new MjpegCodec()),
        Depacketizer("rtp-aac", () => new Mpeg4AudioCodec([0x12, 0x10], 44100, 2), "mpeg4-generic"),
        Depacketizer("rtp-latm", () => new Mpeg4AudioCodec([0x12, 0x10], 44100, 2), "MP4A-LATM"),
        Depacketizer("rtp-mpeg12audio", () => new Mpeg12AudioCodec()),
        Depacketizer("rtp-ac3", () => new Ac3Codec(48000, 2)),
        Depacketizer("rtp-opus", () => new OpusCodec()),
    ];

    /// <summary>
    /// A depacketizer fed the datagrams of one track, as RtpUnitDecoder feeds it. Push never throws: malformed payloads
    /// discard the unit and are counted. Input: datagrams, each after a 16-bit big-endian length. The codec is made per
    /// run because instrumented code may only run inside the fuzz loop (SharpFuzz's coverage map exists only there).
    /// </summary>
    private static FuzzTarget Depacketizer<TCodec>(string name, Func<TCodec> codec, string? encodingName = null)
        where TCodec : Codec =>
        new(name, $"RtpPayloadFormats.CreateDepacketizer({typeof(TCodec).Name}).Push", data =>
        {
            var depacketizer = RtpPayloadFormats.CreateDepacketizer(codec(), encodingName)
                ?? throw new InvalidOperationException($"no depacketizer for {typeof(TCodec).Name}");
            var units = new List<RtpDepacketizedUnit>();
            ForEachPacket(data, datagram =>
            {
                try
                {
                    if (RtpPacket.TryParse(datagram, out var packet))
                    {
                        depacketizer.Push(packet, units);
                    }
                }
                catch (RtpProtocolException)
                {
                    // Not RTP: RtpPacket.TryParse's documented failure; the session drops the datagram.
                }

                units.Clear();
            });
        });

    private static void Rtcp(byte[] data)
    {
        var packets = new List<RtcpPacket>();
        ForEachPacket(data, datagram =>
        {
            packets.Clear();
            Expect<RtpProtocolException>(() => RtcpParser.ParseCompound(datagram, packets));
        });
    }

    private static void Srtp(byte[] data)
    {
        if (data.Length < 1)
        {
            return;
        }

        var profile = SrtpProfiles[(data[0] >> 1) % SrtpProfiles.Length];
        var rtcp = (data[0] & 1) != 0;
        using var context = new SrtpContext(profile, SrtpMasterKey.AsSpan(0, profile.KeyLength()), SrtpMasterSalt.AsSpan(0, profile.SaltLength()));
        ForEachPacket(data.AsMemory(1), datagram =>
        {
            var packet = datagram.ToArray();
            _ = rtcp ? context.UnprotectRtcp(packet, out _) : context.UnprotectRtp(packet, out _);
        });
    }

    /// <summary>Splits input into datagrams, each after a 16-bit big-endian length; a cut-off last one is used as it is.</summary>
    internal static void ForEachPacket(ReadOnlyMemory<byte> data, Action<ReadOnlyMemory<byte>> onPacket)
    {
        var pos = 0;
        while (data.Length - pos >= 2)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Span[pos..]);
            pos += 2;
            length = (ushort)Math.Min(length, data.Length - pos);
            onPacket(data.Slice(pos, length));
            pos += length;
        }
    }
}
