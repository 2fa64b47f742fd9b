using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>N looped ffmpeg RTMP publishers (live/bench0..N-1) and the wait until the broker lists them all as ready.</summary>
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
}
