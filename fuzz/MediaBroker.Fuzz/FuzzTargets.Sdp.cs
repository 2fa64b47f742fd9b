using System.Text;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Formats.Sdp;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private static IEnumerable<FuzzTarget> SdpTargets() =>
    [
        new("sdp", "SessionDescription.Parse, then every format through SdpCodecMapper and its depacketizer (ANNOUNCE, WHIP offers)", Sdp),
    ];

    /// <summary>What an ANNOUNCE does with its body; RtspConnection answers SdpProtocolException with 400.</summary>
    private static void Sdp(byte[] data) => Expect<SdpProtocolException>(() =>
    {
        var sdp = SessionDescription.Parse(Encoding.UTF8.GetString(data));
        _ = sdp.ToString();
        foreach (var media in sdp.Media)
        {
            for (var i = 0; i < media.Formats.Count; i++)
            {
                if (!SdpFormat.TryRead(media, i, out var format))
                {
                    continue;
                }

                var codec = SdpCodecMapper.FromFormat(format, media.Media);
                _ = RtpPayloadFormats.CreateDepacketizer(codec, format.EncodingName, format.Parameters);
            }
        }
    });
}
