using System.Globalization;
using System.Text.Json;

namespace MediaBroker.Bench;

/// <summary>
/// The broker's own view of its readers, from its REST API: how many reader sessions it still lists and how many
/// frames/packets it discarded for them (outbound queues that overflowed). Read once per run, not per packet.
/// </summary>
internal static class BrokerApi
{
    private const int PageSize = 10_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The list endpoints, the discard counter each item carries, and which items are readers: those in state "read",
    /// every item (HTTP stream sessions exist only while reading), or none (HLS muxers).
    /// </summary>
    private static readonly (string List, string Counter, ReaderItems Readers)[] Lists =
    [
        ("rtmpconns", "outboundFramesDiscarded", ReaderItems.InStateRead),
        ("rtspsessions", "outboundRTPPacketsDiscarded", ReaderItems.InStateRead),
        ("srtconns", "outboundFramesDiscarded", ReaderItems.InStateRead),
        ("webrtcsessions", "outboundFramesDiscarded", ReaderItems.InStateRead),
        ("httpstreamsessions", "outboundFramesDiscarded", ReaderItems.All),
        ("hlsmuxers", "outboundFramesDiscarded", ReaderItems.None),
    ];

    private enum ReaderItems
    {
        None,
        InStateRead,
        All,
    }

    /// <summary>Sums the discard counters over every list and counts the sessions in state "read".</summary>
    public static async Task<BrokerReaderStats> ReadAsync(HttpClient http, int apiPort, CancellationToken ct = default)
    {
        long discarded = 0;
        var readers = 0;
        foreach (var (list, counter, readerItems) in Lists)
        {
            for (var page = 0; ; page++)
            {
                var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/v3/{list}/list?itemsPerPage={PageSize}&page={page}"));
                using var response = await http.GetAsync(uri, ct).WaitAsync(RequestTimeout, ct);
                if (!response.IsSuccessStatusCode)
                {
                    // A server that is disabled answers 404 for its list; it has no readers to count.
                    break;
                }

                await using var body = await response.Content.ReadAsStreamAsync(ct);
                using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
                foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
                {
                    if (item.TryGetProperty(counter, out var value) && value.ValueKind == JsonValueKind.Number)
                    {
                        discarded += value.GetInt64();
                    }

                    if (readerItems == ReaderItems.All
                        || (readerItems == ReaderItems.InStateRead && item.TryGetProperty("state", out var state) && state.GetString() == "read"))
                    {
                        readers++;
                    }
                }

                if (page + 1 >= doc.RootElement.GetProperty("pageCount").GetInt32())
                {
                    break;
                }
            }
        }

        return new BrokerReaderStats(discarded, readers);
    }

    /// <summary>How many paths the broker lists as ready (a publisher is streaming into them), and their readers in total.</summary>
    public static async Task<(int Ready, int Readers)> PathsAsync(HttpClient http, int apiPort, CancellationToken ct = default)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/v3/paths/list?itemsPerPage={PageSize}"));
        using var response = await http.GetAsync(uri, ct).WaitAsync(RequestTimeout, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        var ready = 0;
        var readers = 0;
        foreach (var p in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            ready += p.TryGetProperty("ready", out var r) && r.ValueKind == JsonValueKind.True ? 1 : 0;
            readers += p.TryGetProperty("readers", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
        }

        return (ready, readers);
    }

    /// <summary>The readers the broker lists on one path, each as "type id" (none when the path does not exist).</summary>
    public static async Task<HashSet<string>> PathReadersAsync(HttpClient http, int apiPort, string path, CancellationToken ct = default)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/v3/paths/get/{path}"));
        using var response = await http.GetAsync(uri, ct).WaitAsync(RequestTimeout, ct);
        var readers = new HashSet<string>(StringComparer.Ordinal);
        if (!response.IsSuccessStatusCode)
        {
            return readers;
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        if (doc.RootElement.TryGetProperty("readers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in list.EnumerateArray())
            {
                readers.Add($"{r.GetProperty("type").GetString()} {r.GetProperty("id").GetString()}");
            }
        }

        return readers;
    }

    /// <summary>Patches the path defaults through the API, as an operator would reload a key (e.g. <c>{"record": true}</c>).</summary>
    public static async Task PatchPathDefaultsAsync(HttpClient http, int apiPort, string json, CancellationToken ct = default)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/v3/config/pathdefaults/patch"));
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PatchAsync(uri, content, ct).WaitAsync(RequestTimeout, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PATCH pathdefaults answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
