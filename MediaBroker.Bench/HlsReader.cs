using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal LL-HLS player that asks the broker what hls.js asks in low-latency mode
/// (draft-pantos-hls-rfc8216bis §6.2.5-6.2.6): the multivariant playlist, then the media playlist once in full, then
/// a blocking reload for the next part (<c>?_HLS_msn=M&amp;_HLS_part=P</c>, delta updates with <c>_HLS_skip=YES</c> as the
/// server advertises CAN-SKIP-UNTIL), and every new part as soon as the playlist lists it. So each reader makes about
/// two requests per part (5 parts/s with 200 ms parts), and each playlist request waits on the server until the part
/// exists, as a real player's does. Segments are not fetched: at the live edge a player reads parts.
/// It speaks HTTP/1.1 itself over one keep-alive socket with one reused buffer and counts body bytes without keeping
/// them, so that 1000 readers fit in a fraction of a core (HttpClient cost about as much CPU as the broker did).
/// </summary>
internal static class HlsReader
{
    public static async Task RunAsync(int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            using var conn = await HlsHttpConnection.OpenAsync(port, ct);
            var dir = "/" + path.Trim('/') + "/";
            var (mediaPath, baseQuery) = await MediaPlaylistAsync(conn, dir, counters);
            var last = (Msn: -1L, Part: -1);
            var blocking = "";
            while (!ct.IsCancellationRequested)
            {
                var text = await conn.GetTextAsync(mediaPath + Query(baseQuery, blocking), counters);
                var view = HlsPlaylistView.Parse(text);
                if (view.Parts.Count == 0)
                {
                    throw new InvalidOperationException("the media playlist lists no LL-HLS parts (is hlsVariant lowLatency?)");
                }

                // Start at the live edge, as a player does once it has buffered: the newest part only.
                var from = last.Msn < 0 ? view.Parts.Count - 1 : view.Parts.FindIndex(p => (p.Msn, p.Index).CompareTo(last) > 0);
                for (var i = from; i >= 0 && i < view.Parts.Count; i++)
                {
                    var p = view.Parts[i];
                    var bytes = await conn.GetBodyLengthAsync(dir + p.Uri, counters);
                    counters.AddMedia((int)Math.Min(bytes, int.MaxValue));
                    last = (p.Msn, p.Index);
                }

                // Ask for the first part not listed yet (hls.js: endSN/endPart + 1, or part 0 of the next segment when the
                // newest part closed its segment; asking for part N+1 of a finished segment would return at once).
                blocking = $"_HLS_msn={view.NextMsn}&_HLS_part={view.NextPart}" + (view.CanSkip ? "&_HLS_skip=YES" : "");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or InvalidOperationException or FormatException or OperationCanceledException)
        {
            counters.Error = ex.Message;
        }
    }

    /// <summary>Reads the multivariant playlist; returns the media playlist's path and its query (without '?'), as listed.</summary>
    public static async Task<(string Path, string Query)> MediaPlaylistAsync(HlsHttpConnection conn, string dir, ReaderCounters counters)
    {
        var text = await conn.GetTextAsync(dir + "index.m3u8", counters);
        var media = dir + "stream.m3u8";
        if (text.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal) && HlsPlaylistView.FirstUri(text) is { } variant)
        {
            media = dir + variant;
        }

        var queryStart = media.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0 ? (media, "") : (media[..queryStart], media[(queryStart + 1)..]);
    }

    public static string Query(string baseQuery, string directives) =>
        (baseQuery.Length, directives.Length) switch
        {
            (0, 0) => "",
            (0, _) => "?" + directives,
            (_, 0) => "?" + baseQuery,
            _ => "?" + baseQuery + "&" + directives,
        };
}
