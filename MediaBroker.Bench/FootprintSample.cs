namespace MediaBroker.Bench;

/// <summary>One reading of a process's memory from /proc/pid/status, in KiB.</summary>
internal readonly record struct FootprintSample(long Rss, long Anon, long File, long Shmem, int Threads)
{
    public static FootprintSample Read(int pid) => new(
        ProcStats.StatusKib(pid, "VmRSS"),
        ProcStats.StatusKib(pid, "RssAnon"),
        ProcStats.StatusKib(pid, "RssFile"),
        ProcStats.StatusKib(pid, "RssShmem"),
        ProcStats.Threads(pid));

    /// <summary>Samples every 500 ms for <paramref name="window"/>; the median of each field over the second half
    /// (RSS saw-tooths with the GC's budget, so one reading could be taken at a peak or just after a collection).</summary>
    public static async Task<FootprintSample> SettleAsync(int pid, TimeSpan window)
    {
        var samples = new List<FootprintSample>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            samples.Add(Read(pid));
            await Task.Delay(500);
        }

        samples.Add(Read(pid));
        var tail = samples.Skip(samples.Count / 2).ToList();
        return new FootprintSample(
            Median(tail.Select(s => s.Rss)),
            Median(tail.Select(s => s.Anon)),
            Median(tail.Select(s => s.File)),
            Median(tail.Select(s => s.Shmem)),
            (int)Median(tail.Select(s => (long)s.Threads)));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
