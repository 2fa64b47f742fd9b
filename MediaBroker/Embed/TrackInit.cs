using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Opus;

namespace MediaBroker.Embed;

/// <summary>
/// MistServer's <c>init</c> of a track, the codec's decoder configuration as MP4 stores it (avcC, hvcC, av1C, the
/// AudioSpecificConfig, OpusHead), and the frame rate a video codec's parameter sets declare. Pure.
/// </summary>
public static class TrackInit
{
    /// <summary>
    /// The configuration as a JSON string of one character per byte (U+0000 to U+00FF), as MistServer writes it and its
    /// player reads it (<c>init.charCodeAt(1)</c> is avcC's profile). Empty when the codec has none or it is not known yet.
    /// </summary>
    public static string Of(Codec codec) => Encoding.Latin1.GetString(Bytes(codec));

    /// <summary>The decoder configuration record of <paramref name="codec"/>, empty when there is none.</summary>
    public static byte[] Bytes(Codec codec)
    {
        try
        {
            return codec switch
            {
                H264Codec { Sps: { Length: >= 4 } sps, Pps: { } pps } => AvcDecoderConfigurationRecord.Build(sps, pps),
                H265Codec { Vps: { } vps, Sps: { } sps, Pps: { } pps } => HevcDecoderConfigurationRecord.Build(vps, sps, pps),
                Av1Codec { SequenceHeader: { } header } => Av1CodecConfigurationRecord.Build(header),
                Mpeg4AudioCodec aac => aac.Config,
                OpusCodec { ChannelCount: 1 or 2 } opus => OpusHead.Build(opus.ChannelCount),
                Mpeg4VideoCodec { Config: { } config } => config,
                _ => [],
            };
        }
        catch (Exception ex) when (ex is CodecProtocolException or ArgumentException)
        {
            // Parameter sets a publisher got wrong: the track plays as far as it plays, with no init to show.
            return [];
        }
    }

    /// <summary>The frame rate the SPS's VUI timing declares (H264, H265), or null when it declares none.</summary>
    public static double? DeclaredFrameRate(Codec codec)
    {
        try
        {
            return codec switch
            {
                H264Codec { Sps: { } sps } when H264Sps.TryParse(sps, out var s) => s.FrameRate,
                H265Codec { Sps: { } sps } when H265Sps.TryParse(sps, out var s) => s.FrameRate,
                _ => null,
            };
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }
}
