using System.Globalization;
using MediaBroker.Bench;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// A plain (not low-latency) HLS player: the multivariant playlist, then the media playlist reloaded every half target
/// duration (RFC 8216 §6.3.4), the init section once and every new segment, starting at the newest.
/// </summary>
internal static class PlainHlsViewer
{
    public static async Task RunAsync(int port, ReaderCounters counters, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/live/cam/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            counters.AddRequest();
            var multivariant = await http.GetStringAsync("index.m3u8", ct);
            var media = Uris(multivariant).FirstOrDefault() ?? "stream.m3u8";
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var initDone = false;
            while (!ct.IsCancellationRequested)
            {
                counters.AddRequest();
                var playlist = await http.GetStringAsync(media, ct);
                if (!initDone && Attribute(playlist, "#EXT-X-MAP:", "URI") is { } init)
                {
                    counters.AddRequest();
                    counters.AddMedia((await http.GetByteArrayAsync(init, ct)).Length, 0);
                    initDone = true;
                }

                var segments = Uris(playlist).ToList();
                // The first time, the newest segment only; older ones are passed over as a player at the live edge does.
                var fresh = seen.Count == 0 ? segments.TakeLast(1).ToList() : segments.Where(s => !seen.Contains(s)).ToList();
                seen.UnionWith(segments);
                foreach (var segment in fresh)
                {
                    counters.AddRequest();
                    counters.AddMedia((await http.GetByteArrayAsync(segment, ct)).Length);
                }

                var target = Attribute(playlist, "#EXT-X-TARGETDURATION:", null) is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : 1;
                await Task.Delay(TimeSpan.FromSeconds(target / 2), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            counters.Error = ex.Message;
        }
    }

    private static IEnumerable<string> Uris(string playlist) =>
        playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    /// <summary>A tag's value (<paramref name="attribute"/> null) or one quoted attribute of it.</summary>
    private static string? Attribute(string playlist, string tag, string? attribute)
    {
        var line = playlist.Split('\n').FirstOrDefault(l => l.StartsWith(tag, StringComparison.Ordinal))?.Trim();
        if (line is null || attribute is null)
        {
            return line?[tag.Length..];
        }

        var key = attribute + "=\"";
        var start = line.IndexOf(key, StringComparison.Ordinal);
        return start < 0 ? null : line[(start + key.Length)..line.IndexOf('"', start + key.Length)];
    }
}
