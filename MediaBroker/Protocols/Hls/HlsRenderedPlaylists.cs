using System.Text;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The playlists of one published <see cref="HlsSnapshot"/>, rendered to UTF-8 once and then served to every viewer
/// until the next part or segment replaces the snapshot. Every viewer of a path asks for the same text many times per
/// second (blocking reloads wake them all at once), so rendering it per request was most of a playlist request's cost.
/// One entry per playlist kind: the last query seen wins, so viewers with different credentials in their URLs stay
/// correct and only lose the sharing. Entries are immutable and swapped whole, so a hit takes no lock. A miss renders
/// under a lock: when a part is published, every blocked reload wakes at once on several pool threads, and without it
/// each of them rendered the same text (seen in profiles as several renders per part).
/// </summary>
internal sealed class HlsRenderedPlaylists
{
    private Entry? _multivariant;
    private Entry? _media;
    private Entry? _mediaSkip;
    private readonly Lock _render = new();

    public ReadOnlyMemory<byte> Multivariant(HlsSnapshot s, HlsVariant variant, string query)
    {
        if (Find(Volatile.Read(ref _multivariant), query) is { } hit)
        {
            return hit;
        }

        lock (_render)
        {
            return Find(_multivariant, query) ?? Store(ref _multivariant, query, HlsPlaylist.Multivariant(s, variant, query));
        }
    }

    public ReadOnlyMemory<byte> Media(HlsSnapshot s, HlsVariant variant, int segmentCount, bool skip, string query)
    {
        if (Find(Volatile.Read(ref skip ? ref _mediaSkip : ref _media), query) is { } hit)
        {
            return hit;
        }

        lock (_render)
        {
            ref var slot = ref skip ? ref _mediaSkip : ref _media;
            return Find(slot, query) ?? Store(ref slot, query, HlsPlaylist.Media(s, variant, segmentCount, skip, query));
        }
    }

    // No render callback: a lambda capturing the arguments would allocate on every request, cache hit or not.
    private static byte[]? Find(Entry? e, string query) =>
        e is not null && string.Equals(e.Query, query, StringComparison.Ordinal) ? e.Bytes : null;

    private static byte[] Store(ref Entry? slot, string query, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Volatile.Write(ref slot, new Entry(query, bytes));
        return bytes;
    }

    private sealed record Entry(string Query, byte[] Bytes);
}
