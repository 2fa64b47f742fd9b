using System.Text;
using MediaBroker.Auth;
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
        new("http-auth", "HttpCredentials.TryParse (Authorization: Basic or Bearer on the HLS, WebRTC, API, metrics and playback listeners), then QueryCredentials.TryParse (user=, pass=, token= of the query); input: the header value, a line feed, the query",
            HttpAuth),
        new("conf-yaml", "ConfLoader.Load (mediabroker.yml, also through the reload watcher)",
            data => _ = ConfLoader.Load(Encoding.UTF8.GetString(data), new Dictionary<string, string>())),
    ];

    /// <summary>What an HTTP listener reads for authentication: the header first, the query when it has no credentials.</summary>
    private static void HttpAuth(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        _ = HttpCredentials.TryParse(newline < 0 ? text : text[..newline], out _, out _, out _);
        _ = QueryCredentials.TryParse(newline < 0 ? "" : text[(newline + 1)..], out _, out _, out _);
    }
}
