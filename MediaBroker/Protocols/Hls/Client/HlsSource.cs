using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Hls.Client;

/// <summary>
/// Pulls an HLS stream (<c>source: http(s)://…m3u8</c>): a multivariant playlist is resolved to its highest-BANDWIDTH
/// variant, the media playlist is reloaded every half target duration (RFC 8216 §6.3.4) and every new segment is fed,
/// in order, to one MPEG-TS demuxer or one fMP4 reader for the whole session, so timestamps run on across segments.
/// Ends (and the path retries) when the playlist ends, stops growing for <c>readTimeout</c> plus three target
/// durations, or a request fails.
/// </summary>
public sealed class HlsSource(Uri url, TimeSpan readTimeout, HttpMessageHandler? handler = null) : IStaticSource
{
    /// <summary>Segments already listed when the source starts that are still fetched: enough to start at a key frame soon.</summary>
    private const int StartSegments = 2;

    public string ApiType => "hlsSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        // sourceFingerprint pins the https server's certificate (MediaMTX's rule: the pin replaces chain and name checks).
        using var pinned = handler is null && context.Conf.SourceFingerprint.Length != 0
            ? CertificateFingerprint.CreateHandler(context.Conf.SourceFingerprint)
            : null;
        using var http = (handler ?? pinned) is { } h ? new HttpClient(h, disposeHandler: false) : new HttpClient();
        http.Timeout = readTimeout;
        var mediaUri = url;
        var playlist = await GetPlaylistAsync(http, mediaUri, ct).ConfigureAwait(false);
        if (playlist.IsMultivariant)
        {
            mediaUri = playlist.Variants.MaxBy(v => v.Bandwidth).Uri;
            playlist = await GetPlaylistAsync(http, mediaUri, ct).ConfigureAwait(false);
        }

        var ts = new MpegTsIngest(context.SetReady, context.Logger, "source " + context.PathName);
        var fmp4 = new HlsFmp4Ingest(context.SetReady);
        var inits = new Dictionary<Uri, byte[]>();
        var next = playlist.Segments.Count > 0 ? playlist.Segments[^Math.Min(StartSegments, playlist.Segments.Count)].Msn : 0;
        var lastProgress = DateTime.UtcNow;
        while (true)
        {
            foreach (var seg in playlist.Segments.Where(s => s.Msn >= next))
            {
                var data = await http.GetByteArrayAsync(seg.Uri, ct).ConfigureAwait(false);
                if (seg.Map is { } map)
                {
                    if (!inits.TryGetValue(map, out var init))
                    {
                        init = await http.GetByteArrayAsync(map, ct).ConfigureAwait(false);
                        inits.Clear();
                        inits[map] = init;
                    }

                    fmp4.Push(init, data);
                }
                else
                {
                    ts.Push(data);
                }

                next = seg.Msn + 1;
                lastProgress = DateTime.UtcNow;
            }

            if (playlist.Ended)
            {
                throw new EndOfStreamException("the playlist ended (EXT-X-ENDLIST)");
            }

            var target = TimeSpan.FromSeconds(Math.Max(0.1, playlist.TargetDuration));
            if (DateTime.UtcNow - lastProgress > readTimeout + (3 * target))
            {
                throw new TimeoutException($"no new segment for {(DateTime.UtcNow - lastProgress).TotalSeconds:0.#} s");
            }

            await Task.Delay(target / 2, ct).ConfigureAwait(false);
            playlist = await GetPlaylistAsync(http, mediaUri, ct).ConfigureAwait(false);
            if (playlist.Segments.Count > 0 && playlist.Segments[0].Msn > next)
            {
                // We fell behind the window (or the server restarted its numbering): go on from what is listed.
                next = playlist.Segments[^Math.Min(StartSegments, playlist.Segments.Count)].Msn;
            }
        }
    }

    private static async Task<HlsClientPlaylist> GetPlaylistAsync(HttpClient http, Uri uri, CancellationToken ct)
    {
        var text = await http.GetStringAsync(uri, ct).ConfigureAwait(false);
        return HlsClientPlaylist.Parse(text, uri);
    }
}
