using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// N looped ffmpeg RTMP publishers (live/bench0..N-1) and the wait until they are ready: listed by the broker's API, or,
/// on a server without one, each stream's reader receiving media.
/// </summary>
internal static class BenchPublishers
{
    /// <summary>Starts the publishers into <paramref name="publishers"/>, which the caller disposes even when this throws.</summary>
    public static async Task StartAsync(List<ChildProcess> publishers, string clip, int count, int rtmpPort, string? cpus)
    {
        for (var i = 0; i < count; i++)
        {
            publishers.Add(SourceClip.Publish(clip, "flv", $"rtmp://127.0.0.1:{rtmpPort}/live/bench{i}", cpus));
            // Spread ffmpeg start-ups so that N of them do not compete for the cores at once.
            await Task.Delay(100);
        }
    }

    public static async Task WaitReadyAsync(HttpClient http, int apiPort, IReadOnlyList<ChildProcess> publishers, TimeSpan timeout, TextWriter log)
    {
        var count = publishers.Count;
        var clock = Stopwatch.StartNew();
        var ready = 0;
        while (clock.Elapsed < timeout)
        {
            (ready, _) = await BrokerApi.PathsAsync(http, apiPort);
            if (ready >= count)
            {
                log.WriteLine($"{count} streams ready after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            if (publishers.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException("a publisher exited: " + dead.Output());
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"only {ready} of {count} streams ready within {timeout}");
    }

    /// <summary>
    /// Runs <paramref name="reader"/>, again while it ends without media within <paramref name="timeout"/>: a server may
    /// refuse (or drop) a play that arrives before its publisher. Once media arrived, an error stays in the counters.
    /// </summary>
    public static async Task ReadOncePublishedAsync(Func<ReaderCounters, CancellationToken, Task> reader, ReaderCounters counters, TimeSpan timeout,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await reader(counters, ct);
            if (counters.Started || ct.IsCancellationRequested || clock.Elapsed > timeout)
            {
                return;
            }

            counters.Error = null;
            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits until every reader has received media; throws when a publisher exits or the timeout passes first.</summary>
    public static async Task WaitForMediaAsync(IReadOnlyList<ReaderCounters> counters, IReadOnlyList<ChildProcess> publishers, TimeSpan timeout, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var started = counters.Count(c => c.Started);
            if (started == counters.Count)
            {
                log.WriteLine($"{started} readers receive media after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            if (publishers.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException("a publisher exited: " + dead.Output());
            }

            await Task.Delay(250);
        }

        var missing = counters.Count(c => !c.Started);
        throw new TimeoutException($"{missing} of {counters.Count} readers received no media within {timeout}: "
            + (counters.Select(c => c.Error).FirstOrDefault(e => e is not null) ?? "no error"));
    }
}
