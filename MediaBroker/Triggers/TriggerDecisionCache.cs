using System.Collections.Concurrent;

namespace MediaBroker.Triggers;

/// <summary>
/// Remembers the answer of a refusing trigger for a key (a connection and path, a viewer session), so that a protocol
/// asking twice (RTSP DESCRIBE then PLAY, SRT handshake then publish) fires it once; concurrent askers share one run.
/// A run that failed or was cancelled is forgotten. The handler never runs under a lock.
/// </summary>
internal sealed class TriggerDecisionCache
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <param name="lifetime">How long an answer is kept; null: until the cache is dropped.</param>
    public async ValueTask<bool> GetOrRunAsync(string key, TimeSpan? lifetime, Func<ValueTask<bool>> run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        while (true)
        {
            var now = Environment.TickCount64;
            if (_entries.TryGetValue(key, out var existing) && existing.ExpiresAt > now)
            {
                return await existing.Result.Task.WaitAsync(ct).ConfigureAwait(false);
            }

            var mine = new Entry(lifetime is { } l ? now + (long)l.TotalMilliseconds : long.MaxValue);
            var added = existing is null ? _entries.TryAdd(key, mine) : _entries.TryUpdate(key, mine, existing);
            if (!added)
            {
                continue;
            }

            Prune(now);
            try
            {
                var answer = await run().ConfigureAwait(false);
                mine.Result.TrySetResult(answer);
                return answer;
            }
            catch (Exception ex)
            {
                _entries.TryRemove(KeyValuePair.Create(key, mine));
                if (ex is OperationCanceledException oce)
                {
                    mine.Result.TrySetCanceled(oce.CancellationToken);
                }
                else
                {
                    mine.Result.TrySetException(ex);
                    _ = mine.Result.Task.Exception; // Whoever shared this run sees it; nobody else has to.
                }

                throw;
            }
        }
    }

    private void Prune(long now)
    {
        if (_entries.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed class Entry(long expiresAt)
    {
        public long ExpiresAt { get; } = expiresAt;

        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
