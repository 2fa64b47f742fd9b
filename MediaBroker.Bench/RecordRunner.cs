using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// Runs one record scenario: a broker whose path defaults record under a fresh temp directory (recording off at start),
/// N looped ffmpeg publishers over RTMP; one window with recording off, then recording switched on through the API
/// (<c>PATCH /v3/config/pathdefaults/patch</c>) and the same window again. Measuring both in one broker keeps everything
/// but the recorders equal.
/// </summary>
internal static class RecordRunner
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    // Recorders start when the reload reaches each path and write a first segment header; the window starts after that.
    private static readonly TimeSpan RecordSettle = TimeSpan.FromSeconds(2);

    public static async Task<RecordResult> RunAsync(RecordOptions options, TextWriter log)
    {
        var clip = await SourceClip.EnsureAsync(options.Clip);
        var sourceKbps = new FileInfo(clip).Length * 8 / 15.0 / 1000;
        var recordDir = Path.Combine(Path.GetTempPath(), "mediabroker-bench-rec-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(recordDir);
        try
        {
            await using var broker = await BrokerHost.StartAsync(BrokerHost.LocateDll(options.BrokerDll), options.BrokerCpus, Config(options, recordDir));
            var ports = await BrokerPorts.ReadAsync(broker);
            using var http = ReaderKinds.CreateHttpClient();
            var publishers = new List<ChildProcess>();
            try
            {
                await BenchPublishers.StartAsync(publishers, clip, options.Count, ports.Rtmp, options.PublisherCpus);
                await BenchPublishers.WaitReadyAsync(http, ports.Api, publishers, ReadyTimeout, log);
                return await MeasureAsync(options, http, ports.Api, broker.Process, publishers, recordDir, sourceKbps, log);
            }
            finally
            {
                foreach (var p in publishers)
                {
                    await p.DisposeAsync();
                }
            }
        }
        finally
        {
            DeleteQuietly(recordDir);
        }
    }

    /// <summary>The bench broker config with recording prepared in the path defaults but off, so that the API turns it on.</summary>
    internal static string Config(RecordOptions options, string recordDir) => BrokerHost.Config.Replace("paths:\n", $"""
        pathDefaults:
          record: no
          recordPath: {recordDir}/%path/%Y-%m-%d_%H-%M-%S-%f
          recordFormat: {options.Format}
          recordSegmentDuration: {options.Segment}
          recordPartDuration: {options.Part}
          recordDeleteAfter: 0s
        paths:

        """, StringComparison.Ordinal);

    private static async Task<RecordResult> MeasureAsync(RecordOptions options, HttpClient http, int apiPort, ChildProcess broker,
        List<ChildProcess> publishers, string recordDir, double sourceKbps, TextWriter log)
    {
        var n = options.Count;
        var pid = broker.Id;
        var window = TimeSpan.FromSeconds(options.Seconds);

        log.WriteLine($"record: off for {options.Seconds} s");
        var offCpu0 = ProcStats.CpuTime(pid);
        var offClock = Stopwatch.StartNew();
        await Task.Delay(window);
        var offCores = (ProcStats.CpuTime(pid) - offCpu0) / offClock.Elapsed;
        // A publisher lost in the off window would make "on - off" understate the recorders' cost.
        var (readyBeforeOn, _) = await BrokerApi.PathsAsync(http, apiPort);

        await BrokerApi.PatchPathDefaultsAsync(http, apiPort, """{"record": true}""");
        await Task.Delay(RecordSettle);
        log.WriteLine($"record: on for {options.Seconds} s");

        var (bytes0, _) = DirectorySize(recordDir);
        var samples = new List<(double Minutes, double Mib)>();
        var cpu0 = ProcStats.CpuTime(pid);
        var pub0 = publishers.Select(PublisherCpu).ToList();
        var clock = Stopwatch.StartNew();
        var every = TimeSpan.FromSeconds(options.RssEverySeconds);
        while (clock.Elapsed < window)
        {
            samples.Add((clock.Elapsed.TotalMinutes, ProcStats.RssKib(pid) / 1024.0));
            var left = window - clock.Elapsed;
            await Task.Delay(left < every ? left : every);
        }

        var elapsed = clock.Elapsed;
        var onCores = (ProcStats.CpuTime(pid) - cpu0) / elapsed;
        var pubCores = publishers.Select((p, i) => PublisherCpu(p) is { } t && pub0[i] is { } t0 ? t - t0 : TimeSpan.Zero)
            .Aggregate(TimeSpan.Zero, (a, b) => a + b) / elapsed;
        samples.Add((elapsed.TotalMinutes, ProcStats.RssKib(pid) / 1024.0));
        var (bytes1, files) = DirectorySize(recordDir);
        var (ready, _) = await BrokerApi.PathsAsync(http, apiPort);
        var dead = publishers.Where(p => p.HasExited).ToList();
        var bytesPerSec = (bytes1 - bytes0) / elapsed.TotalSeconds;
        log.WriteLine($"{files} files, {bytes1 / 1048576.0:F1} MiB under {recordDir}");

        return new RecordResult
        {
            Streams = n,
            Format = options.Format,
            Segment = options.Segment,
            Part = options.Part,
            WindowSeconds = Math.Round(elapsed.TotalSeconds, 1),
            OffCores = Math.Round(offCores, 3),
            OnCores = Math.Round(onCores, 3),
            RecordCoresPerStream = Math.Round((onCores - offCores) / n, 4),
            RecordMsPerSecPerStream = Math.Round((onCores - offCores) * 1000 / n, 3),
            OnMsPerSecPerStream = Math.Round(onCores * 1000 / n, 3),
            WrittenKibPerSec = Math.Round(bytesPerSec / 1024, 1),
            WrittenKbpsPerStream = Math.Round(bytesPerSec * 8 / 1000 / n, 0),
            SourceKbps = Math.Round(sourceKbps, 0),
            FilesCreated = files,
            RecordedHours = Math.Round(n * (elapsed + RecordSettle).TotalHours, 2),
            RssStartMib = Math.Round(samples[0].Mib, 1),
            RssMaxMib = Math.Round(samples.Max(s => s.Mib), 1),
            RssEndMib = Math.Round(samples[^1].Mib, 1),
            RssSlopeMibPerMin = Math.Round(Slope(samples), 2),
            RssSamplesMib = samples.Select(s => Math.Round(s.Mib, 1)).ToList(),
            ReadyBeforeOn = readyBeforeOn,
            ReadyAtEnd = ready,
            PublishersExited = dead.Count,
            FirstPublisherError = dead.Count > 0 ? dead[0].Output() : null,
            BrokerWarnings = broker.WarningCount,
            FirstBrokerWarning = broker.FirstWarning,
            PublisherCores = Math.Round(pubCores, 3),
        };
    }

    /// <summary>Bytes and files under the directory; a segment may be renamed or deleted while it is walked.</summary>
    private static (long Bytes, int Files) DirectorySize(string dir)
    {
        long bytes = 0;
        var files = 0;
        foreach (var f in new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                bytes += f.Length;
                files++;
            }
            catch (FileNotFoundException)
            {
                // Gone between listing and stat: not counted.
            }
        }

        return (bytes, files);
    }

    /// <summary>Least-squares slope of MiB over minutes.</summary>
    private static double Slope(List<(double Minutes, double Mib)> samples)
    {
        var mx = samples.Average(s => s.Minutes);
        var my = samples.Average(s => s.Mib);
        var sxx = samples.Sum(s => (s.Minutes - mx) * (s.Minutes - mx));
        return sxx == 0 ? 0 : samples.Sum(s => (s.Minutes - mx) * (s.Mib - my)) / sxx;
    }

    /// <summary>CPU time of one publisher; null once it has exited (no /proc entry), so that it drops out of the sum.</summary>
    private static TimeSpan? PublisherCpu(ChildProcess p)
    {
        try
        {
            return ProcStats.CpuTime(p.Id);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the broker is gone by now, but a file may still be closing.
        }
    }
}
