using System.Globalization;
using MediaBroker.Codecs;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>Chooses the depacketizer and packetizer of a codec.</summary>
public static class RtpPayloadFormats
{
    /// <summary>
    /// The depacketizer for a track described by SDP. <paramref name="encodingName"/> (the rtpmap name)
    /// tells MP4A-LATM from mpeg4-generic; <paramref name="fmtp"/> gives AU-header sizes. Returns null for
    /// codecs whose packets are only forwarded (<see cref="GenericCodec"/>) or not supported yet.
    /// </summary>
    public static RtpDepacketizer? CreateDepacketizer(Codec codec, string? encodingName = null, IReadOnlyDictionary<string, string>? fmtp = null) =>
        codec switch
        {
            H264Codec => new H264Depacketizer(),
            H265Codec => new H265Depacketizer(),
            Av1Codec => new Av1Depacketizer(),
            Vp8Codec => new Vp8Depacketizer(),
            Vp9Codec => new Vp9Depacketizer(),
            Mpeg4VideoCodec => new Mpeg4VideoDepacketizer(),
            Mpeg12VideoCodec => new Mpeg12VideoDepacketizer(),
            MjpegCodec => new MjpegDepacketizer(),
            Mpeg4AudioCodec when string.Equals(encodingName, "MP4A-LATM", StringComparison.OrdinalIgnoreCase) => new LatmDepacketizer(),
            Mpeg4AudioCodec => new Mpeg4GenericDepacketizer(
                Int(fmtp, "sizelength", 13), Int(fmtp, "indexlength", 3), Int(fmtp, "indexdeltalength", 3)),
            Mpeg12AudioCodec => new Mpeg12AudioDepacketizer(),
            Ac3Codec => new Ac3Depacketizer(),
            OpusCodec or G711Codec or G722Codec or LpcmCodec => new SimpleAudioDepacketizer(),
            _ => null,
        };

    /// <summary>
    /// Whether the fmtp of an mpeg4-generic format describes AU headers the depacketizer reads. A description from the
    /// network may say anything; SDP mapping checks this so that such a track is passed through, never depacketized.
    /// </summary>
    public static bool IsSupportedAuHeaderLayout(IReadOnlyDictionary<string, string>? fmtp) =>
        Mpeg4GenericDepacketizer.IsSupportedLayout(Int(fmtp, "sizelength", 13), Int(fmtp, "indexlength", 3), Int(fmtp, "indexdeltalength", 3));

    /// <summary>The packetizer we use when we send <paramref name="codec"/> (AAC as mpeg4-generic AAC-hbr).</summary>
    public static RtpPacketizer? CreatePacketizer(Codec codec, RtpPacketizerOptions options) =>
        codec switch
        {
            H264Codec h => new H264Packetizer(options, h),
            H265Codec h => new H265Packetizer(options, h),
            Av1Codec => new Av1Packetizer(options),
            Vp8Codec => new Vp8Packetizer(options),
            Vp9Codec => new Vp9Packetizer(options),
            Mpeg4VideoCodec => new Mpeg4VideoPacketizer(options),
            Mpeg12VideoCodec => new Mpeg12VideoPacketizer(options),
            MjpegCodec => new MjpegPacketizer(options),
            Mpeg4AudioCodec => new Mpeg4GenericPacketizer(options),
            Mpeg12AudioCodec => new Mpeg12AudioPacketizer(options),
            Ac3Codec => new Ac3Packetizer(options),
            OpusCodec => new SimpleAudioPacketizer(options, 0),
            G711Codec g => new SimpleAudioPacketizer(options, g.ChannelCount),
            G722Codec => new SimpleAudioPacketizer(options, 1, 1),
            LpcmCodec l => new SimpleAudioPacketizer(options, l.BitDepth / 8 * l.ChannelCount),
            _ => null,
        };

    private static int Int(IReadOnlyDictionary<string, string>? fmtp, string key, int fallback) =>
        fmtp is not null && fmtp.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
