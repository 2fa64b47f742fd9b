using System.Text.RegularExpressions;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal HLS player: follows the master playlist to the media playlist, polls it, and fetches every new
/// LL-HLS part (or every new segment when the playlist has no parts), counting fetched bytes.
/// </summary>
internal static partial class HlsReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(HttpClient http, int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            var playlist = new Uri($"http://127.0.0.1:{port}/{path}/index.m3u8");
            var text = await GetStringAsync(http, playlist, ct);
            var variant = MediaLines(text).FirstOrDefault();
            if (text.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal) && variant is not null)
            {
                playlist = new Uri(playlist, variant);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var first = true;
            while (!ct.IsCancellationRequested)
            {
                text = await GetStringAsync(http, playlist, ct);
                var parts = PartUri().Matches(text).Select(m => m.Groups[1].Value).ToList();
                var items = parts.Count > 0 ? parts : MediaLines(text).ToList();
                // Start at the live edge, like a player: only the newest item of the first playlist is fetched.
                var fresh = first ? items.TakeLast(1) : items.Where(i => !seen.Contains(i));
                first = false;
                foreach (var item in fresh.ToList())
                {
                    var bytes = await GetBytesAsync(http, new Uri(playlist, item), ct);
                    counters.AddMedia(bytes.Length);
                }

                seen.Clear();
                seen.UnionWith(items);
                await Task.Delay(PollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or TaskCanceledException)
        {
            counters.Error = ex.Message;
        }
    }

    private static IEnumerable<string> MediaLines(string playlist) =>
        playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static Task<string> GetStringAsync(HttpClient http, Uri uri, CancellationToken ct) =>
        http.GetStringAsync(uri, ct).WaitAsync(RequestTimeout, ct);

    private static Task<byte[]> GetBytesAsync(HttpClient http, Uri uri, CancellationToken ct) =>
        http.GetByteArrayAsync(uri, ct).WaitAsync(RequestTimeout, ct);

    [GeneratedRegex("#EXT-X-PART:[^\\n]*URI=\"([^\"]+)\"")]
    private static partial Regex PartUri();
}
