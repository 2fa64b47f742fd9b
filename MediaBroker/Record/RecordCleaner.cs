using MediaBroker.Conf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

/// <summary>
/// Deletes segments older than their path's <c>recordDeleteAfter</c> (0s keeps them), then the directories that
/// became empty, at start and every <see cref="Interval"/>. Paths are found by walking the root of every recordPath in
/// use and matching each segment's path name to its configuration (<c>all_others</c> and regex paths included). The
/// newest segment of a path that is recording now is never deleted, however old its start.
/// </summary>
public sealed class RecordCleaner : BackgroundService
{
    private readonly Func<BrokerConf> _conf;
    private readonly Func<string, bool> _isRecording;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="conf">The configuration in force (read at each pass, so reloads apply without a restart).</param>
    /// <param name="isRecording">Whether a path is being recorded now.</param>
    public RecordCleaner(Func<BrokerConf> conf, Func<string, bool> isRecording, ILogger<RecordCleaner> logger, TimeProvider? time = null)
    {
        _conf = conf ?? throw new ArgumentNullException(nameof(conf));
        _isRecording = isRecording ?? throw new ArgumentNullException(nameof(isRecording));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A directory this recently changed may be about to receive a segment: it is left even when empty.</summary>
    public TimeSpan DirectoryGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>One pass: returns how many segments were deleted.</summary>
    public int Clean()
    {
        var conf = _conf();
        var now = _time.GetUtcNow().UtcDateTime;
        var deleted = 0;
        foreach (var (recordPath, format) in conf.Paths.Select(p => (p.RecordPath, p.RecordFormat)).Distinct())
        {
            var template = new RecordPathTemplate(recordPath, format);
            var byPath = new Dictionary<string, List<(DateTime Start, string File)>>(StringComparer.Ordinal);
            foreach (var (name, start, file) in RecordingStore.AllSegmentFiles(template))
            {
                if (!byPath.TryGetValue(name, out var list))
                {
                    byPath[name] = list = [];
                }

                list.Add((start, file));
            }

            foreach (var (name, files) in byPath)
            {
                if (PathConfMatcher.Find(conf, name) is not { } match || match.Conf.RecordPath != recordPath
                    || match.Conf.RecordFormat != format || match.Conf.RecordDeleteAfter <= TimeSpan.Zero)
                {
                    continue;
                }

                files.Sort((a, b) => a.Start.CompareTo(b.Start));
                var keepNewest = _isRecording(name);
                for (var i = 0; i < files.Count; i++)
                {
                    if (keepNewest && i == files.Count - 1)
                    {
                        break;
                    }

                    if (now - files[i].Start > match.Conf.RecordDeleteAfter && TryDelete(files[i].File))
                    {
                        RecordLog.SegmentDeleted(_logger, name, files[i].File, match.Conf.RecordDeleteAfter);
                        deleted++;
                    }
                }
            }

            // Directory times are the file system's wall clock, not the (testable) segment clock.
            RemoveEmptyDirectories(Path.GetFullPath(template.Root(null)), DateTime.UtcNow - DirectoryGrace);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                Clean();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            RecordLog.DeleteFailed(_logger, file, ex.Message);
            return false;
        }
    }

    /// <summary>Removes the empty directories below <paramref name="root"/> (deepest first), never the root itself.</summary>
    private static void RemoveEmptyDirectories(string root, DateTime changedBefore)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .OrderByDescending(d => d.Length))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(dir) < changedBefore && !Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    Directory.Delete(dir);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone (the recorder) just wrote into it, or it is not ours to remove: leave it.
            }
        }
    }
}
