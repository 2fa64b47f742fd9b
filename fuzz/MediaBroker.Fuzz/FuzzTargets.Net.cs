using System.Text;
using MediaBroker.Conf;
using MediaBroker.Net.Tcp;
using MediaBroker.Protocols.Hls.Client;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private static readonly Uri PlaylistBase = new("http://127.0.0.1:8888/live/index.m3u8");

    private static IEnumerable<FuzzTarget> NetTargets() =>
    [
        new("stun", "StunMessage.TryParse (WebRTC UDP/TCP mux)", data => Expect<StunProtocolException>(() => StunMessage.TryParse(data, out _))),
        new("proxy-protocol", "ProxyProtocolHeader.TryParse (PROXY v1/v2 before a TCP connection)",
            data => Expect<InvalidDataException>(() => ProxyProtocolHeader.TryParse(Segments.Split(data, data.Length / 2), out _, out _))),
        new("srt-streamid", "SrtStreamId.TryParse (SRTO_STREAMID of an incoming caller)",
            data => _ = SrtStreamId.TryParse(Encoding.UTF8.GetString(data), out _, out _)),
        new("hls-playlist", "HlsClientPlaylist.Parse (the HLS source's playlists)",
            data => Expect<FormatException>(() => HlsClientPlaylist.Parse(Encoding.UTF8.GetString(data), PlaylistBase))),
        new("conf-yaml", "ConfLoader.Load (mediabroker.yml, also through the reload watcher)",
            data => _ = ConfLoader.Load(Encoding.UTF8.GetString(data), new Dictionary<string, string>())),
    ];
}
