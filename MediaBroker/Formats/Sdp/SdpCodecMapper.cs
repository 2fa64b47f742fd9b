using System.Globalization;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Formats.Rtp.Payloads;

namespace MediaBroker.Formats.Sdp;

/// <summary>
/// Maps SDP payload types to codec descriptors and back, for every codec the broker carries. Anything
/// unknown becomes a <see cref="GenericCodec"/> holding its rtpmap and fmtp, so it is passed through.
/// </summary>
public static class SdpCodecMapper
{
    /// <summary>The codec of format <paramref name="formatIndex"/> of <paramref name="media"/>.</summary>
    public static bool TryFromMedia(MediaDescription media, int formatIndex, out Codec codec, out int payloadType)
    {
        codec = null!;
        payloadType = -1;
        if (!SdpFormat.TryRead(media, formatIndex, out var format))
        {
            return false;
        }

        payloadType = format.PayloadType;
        codec = FromFormat(format, media.Media);
        return true;
    }

    /// <summary>
    /// The codec described by one parsed format; never fails (unknown, or AAC whose AU-header layout we cannot read →
    /// generic, passed through).
    /// </summary>
    public static Codec FromFormat(SdpFormat f, string mediaType)
    {
        var name = f.EncodingName?.ToUpperInvariant() ?? StaticName(f.PayloadType);
        try
        {
            return name switch
            {
                "H264" => H264(f),
                "H265" => new H265Codec(Base64(f.Get("sprop-vps")), Base64(f.Get("sprop-sps")), Base64(f.Get("sprop-pps"))),
                "AV1" => new Av1Codec(null),
                "VP8" => new Vp8Codec(),
                "VP9" => new Vp9Codec(Int(f.Get("profile-id"), 0)),
                "MP4V-ES" => new Mpeg4VideoCodec(Hex(f.Get("config"))),
                "MPV" => new Mpeg12VideoCodec(),
                "JPEG" => new MjpegCodec(),
                "MPEG4-GENERIC" when Hex(f.Get("config")) is { } asc && RtpPayloadFormats.IsSupportedAuHeaderLayout(f.Parameters) => Aac(asc, f),
                "MP4A-LATM" when Hex(f.Get("config")) is { } smc && LatmAudioSpecificConfig(smc) is { } asc => Aac(asc, f),
                "OPUS" => new OpusCodec(f.Get("sprop-stereo") is { } st ? (st == "1" ? 2 : 1) : f.Channels),
                "PCMU" => new G711Codec(true, Rate(f, 8000), f.Channels),
                "PCMA" => new G711Codec(false, Rate(f, 8000), f.Channels),
                "G722" => new G722Codec(),
                "L8" => new LpcmCodec(8, Rate(f, 44100), f.Channels),
                "L16" => new LpcmCodec(16, Rate(f, 44100), f.PayloadType == 10 && f.EncodingName is null ? 2 : f.Channels),
                "L24" => new LpcmCodec(24, Rate(f, 48000), f.Channels),
                "AC3" => new Ac3Codec(Rate(f, 48000), f.Channels),
                "MPA" => new Mpeg12AudioCodec(),
                _ => Generic(f, mediaType),
            };
        }
        catch (FormatException)
        {
            return Generic(f, mediaType); // undecodable base64/hex: pass the track through
        }
    }

    /// <summary>The rtpmap value (after the payload type) and fmtp value (or null) we announce for a codec.</summary>
    public static (string RtpMap, string? Fmtp) ToMedia(Codec codec, int payloadType) => codec switch
    {
        H264Codec h => ("H264/90000", H264Fmtp(h)),
        H265Codec h => ("H265/90000", H265Fmtp(h)),
        Av1Codec => ("AV1/90000", null),
        Vp8Codec => ("VP8/90000", null),
        Vp9Codec v => ("VP9/90000", Inv($"profile-id={v.Profile}")),
        Mpeg4VideoCodec m => ("MP4V-ES/90000", m.Config is { Length: > 0 } c ? "profile-level-id=1; config=" + Convert.ToHexString(c) : "profile-level-id=1"),
        Mpeg12VideoCodec => ("MPV/90000", null),
        MjpegCodec => ("JPEG/90000", null),
        Mpeg4AudioCodec a => (Inv($"mpeg4-generic/{a.SampleRate}/{a.ChannelCount}"),
            "profile-level-id=1; mode=AAC-hbr; sizelength=13; indexlength=3; indexdeltalength=3; config=" + Convert.ToHexString(a.Config)),
        OpusCodec o => ("opus/48000/2", o.ChannelCount == 2 ? "sprop-stereo=1" : "sprop-stereo=0"),
        G711Codec g => (Channels(g.MuLaw ? "PCMU" : "PCMA", g.SampleRate, g.ChannelCount), null),
        G722Codec => ("G722/8000", null),
        LpcmCodec l => (Channels(Inv($"L{l.BitDepth}"), l.SampleRate, l.ChannelCount), null),
        Ac3Codec a => (Channels("AC3", a.SampleRate, a.ChannelCount), null),
        Mpeg12AudioCodec => ("MPA/90000", null),
        GenericCodec g => (g.RtpMap ?? Inv($"unknown/{g.RtpClockRate}"), g.Fmtp),
        _ => throw new ArgumentException($"no SDP mapping for {codec.Name}", nameof(codec)),
    };

    /// <summary>The static payload type of a codec (RFC 3551 §6), or null when a dynamic one (96-127) is needed.</summary>
    public static int? StaticPayloadType(Codec codec) => codec switch
    {
        G711Codec { SampleRate: 8000, ChannelCount: 1 } g => g.MuLaw ? 0 : 8,
        G722Codec => 9,
        Mpeg12AudioCodec => 14,
        MjpegCodec => 26,
        Mpeg12VideoCodec => 32,
        GenericCodec g => g.PayloadType,
        _ => null,
    };

    /// <summary>Builds an <c>m=</c> section for one track, as an RTSP DESCRIBE answer lists it.</summary>
    public static MediaDescription ToMediaDescription(Codec codec, int payloadType, string? control)
    {
        var pt = payloadType.ToString(CultureInfo.InvariantCulture);
        var m = new MediaDescription
        {
            Media = codec.Kind switch { MediaKind.Video => "video", MediaKind.Audio => "audio", _ => "application" },
            Port = 0,
            Protocol = "RTP/AVP",
        };
        m.Formats.Add(pt);
        var (rtpmap, fmtp) = ToMedia(codec, payloadType);
        m.Attributes.Add(new SdpAttribute("rtpmap", pt + " " + rtpmap));
        if (fmtp is not null)
        {
            m.Attributes.Add(new SdpAttribute("fmtp", pt + " " + fmtp));
        }

        if (control is not null)
        {
            m.Attributes.Add(new SdpAttribute("control", control));
        }

        return m;
    }

    private static Codec H264(SdpFormat f)
    {
        byte[]? sps = null, pps = null;
        if (f.Get("sprop-parameter-sets") is { } sets)
        {
            foreach (var b64 in sets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var nal = Convert.FromBase64String(b64);
                if (nal.Length == 0)
                {
                    continue;
                }

                switch (nal[0] & 0x1F)
                {
                    case 7: sps ??= nal; break;
                    case 8: pps ??= nal; break;
                }
            }
        }

        // RFC 6184 §8.1: packetization-mode defaults to 0 (single NAL unit mode).
        return new H264Codec(sps, pps, Int(f.Get("packetization-mode"), 0));
    }

    private static string H264Fmtp(H264Codec h)
    {
        var s = "packetization-mode=1";
        if (h.Sps is { Length: >= 4 } sps && h.Pps is { Length: > 0 } pps)
        {
            s += ";sprop-parameter-sets=" + Convert.ToBase64String(sps) + "," + Convert.ToBase64String(pps) +
                 ";profile-level-id=" + Convert.ToHexString(sps.AsSpan(1, 3));
        }

        return s;
    }

    private static string? H265Fmtp(H265Codec h)
    {
        if (h.Vps is null || h.Sps is null || h.Pps is null)
        {
            return null;
        }

        return "sprop-vps=" + Convert.ToBase64String(h.Vps) + ";sprop-sps=" + Convert.ToBase64String(h.Sps) + ";sprop-pps=" + Convert.ToBase64String(h.Pps);
    }

    // An unparsable config keeps the track, timed by the rtpmap clock rate and channels.
    private static Mpeg4AudioCodec Aac(byte[] asc, SdpFormat f) =>
        Mpeg4AudioCodec.FromConfig(asc) ?? new Mpeg4AudioCodec(asc, Rate(f, 48000), f.Channels);

    /// <summary>The AudioSpecificConfig inside MP4A-LATM's StreamMuxConfig (RFC 6416 §7.3), or null when it is unreadable.</summary>
    private static byte[]? LatmAudioSpecificConfig(byte[] streamMuxConfig)
    {
        try
        {
            return LatmStreamMuxConfig.TryExtractAudioSpecificConfig(streamMuxConfig, out var asc) ? asc : null;
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }

    private static GenericCodec Generic(SdpFormat f, string mediaType) =>
        new(f.PayloadType, f.RtpMap, f.Fmtp, f.ClockRate > 0 ? f.ClockRate : 90000, mediaType switch
        {
            "video" => MediaKind.Video,
            "audio" => MediaKind.Audio,
            _ => MediaKind.Application,
        });

    private static string StaticName(int pt) => pt switch
    {
        0 => "PCMU",
        8 => "PCMA",
        9 => "G722",
        10 or 11 => "L16",
        14 => "MPA",
        26 => "JPEG",
        32 => "MPV",
        _ => string.Empty,
    };

    private static int Rate(SdpFormat f, int fallback) => f.ClockRate > 0 ? f.ClockRate : fallback;

    private static string Channels(string name, int rate, int channels) =>
        channels > 1 ? Inv($"{name}/{rate}/{channels}") : Inv($"{name}/{rate}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static int Int(string? s, int fallback) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static byte[]? Base64(string? s) => string.IsNullOrEmpty(s) ? null : Convert.FromBase64String(s);

    private static byte[]? Hex(string? s) => string.IsNullOrEmpty(s) ? null : Convert.FromHexString(s);
}
