using System.Collections.Concurrent;
using MediaBroker.Conf;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Record;

/// <summary>
/// The recordings on disk, as the path configurations place them: the segments of a path (start from the file name,
/// duration from the fragments' headers, cached per file, length and modification time), the paths that have
/// segments, and deletion of one segment. Every file it opens or deletes resolves inside its template's root.
/// </summary>
public sealed class RecordingStore
{
    private readonly Func<BrokerConf> _conf;
    private readonly ConcurrentDictionary<string, CachedDuration> _durations = new(StringComparer.Ordinal);
    private int _filesRead;

    public RecordingStore(Func<BrokerConf> conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        _conf = conf;
    }

    /// <summary>How many segment files were indexed since start (the others were answered from the cache).</summary>
    public int FilesRead => Volatile.Read(ref _filesRead);

    /// <summary>The template that names the segments of <paramref name="pathName"/>, when the name is valid and configured.</summary>
    public RecordLookup TryGetTemplate(string pathName, out RecordPathTemplate template, out PathConf pathConf)
    {
        template = null!;
        pathConf = null!;
        if (!IsSafePathName(pathName))
        {
            return RecordLookup.InvalidPath;
        }

        if (PathConfMatcher.Find(_conf(), pathName) is not { } match)
        {
            return RecordLookup.NoConf;
        }

        pathConf = match.Conf;
        template = Template(match.Conf);
        return RecordLookup.Ok;
    }

    /// <summary>The segments of <paramref name="pathName"/>, oldest first.</summary>
    public RecordLookup TryListSegments(string pathName, out IReadOnlyList<RecordSegment> segments)
    {
        segments = [];
        var status = TryGetTemplate(pathName, out var template, out _);
        if (status != RecordLookup.Ok)
        {
            return status;
        }

        var found = new List<RecordSegment>();
        foreach (var (file, start) in SegmentFiles(template, pathName))
        {
            if (Duration(file) is { } duration)
            {
                found.Add(new RecordSegment(pathName, start, duration, file));
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        segments = found;
        return found.Count == 0 ? RecordLookup.NotFound : RecordLookup.Ok;
    }

    /// <summary>The start times of the segments of <paramref name="pathName"/>, oldest first, from the file names alone.</summary>
    public RecordLookup TryListStarts(string pathName, out IReadOnlyList<DateTime> starts)
    {
        starts = [];
        var status = TryGetTemplate(pathName, out var template, out _);
        if (status != RecordLookup.Ok)
        {
            return status;
        }

        var found = SegmentFiles(template, pathName).Select(f => f.Start).Order().ToList();
        starts = found;
        return found.Count == 0 ? RecordLookup.NotFound : RecordLookup.Ok;
    }

    /// <summary>The names of the paths that have at least one segment, sorted.</summary>
    public IReadOnlyList<string> PathsWithRecordings()
    {
        var conf = _conf();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var template in conf.Paths.Select(p => (p.RecordPath, p.RecordFormat)).Distinct())
        {
            var t = new RecordPathTemplate(template.RecordPath, template.RecordFormat);
            foreach (var (name, _, _) in AllSegmentFiles(t))
            {
                if (!names.Contains(name) && PathConfMatcher.Find(conf, name) is { } m
                    && m.Conf.RecordPath == template.RecordPath && m.Conf.RecordFormat == template.RecordFormat)
                {
                    names.Add(name);
                }
            }
        }

        return [.. names];
    }

    /// <summary>Every segment file under a template's root, with the path name and start its name holds.</summary>
    public static IEnumerable<(string PathName, DateTime Start, string File)> AllSegmentFiles(RecordPathTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var prefix = template.Root(null);
        var root = Path.GetFullPath(prefix);
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*" + template.Extension, Recurse))
        {
            if (template.TryParse(prefix + "/" + Path.GetRelativePath(root, file).Replace('\\', '/'), out var name, out var start)
                && IsSafePathName(name))
            {
                yield return (name, start, file);
            }
        }
    }

    /// <summary>
    /// Deletes the segment of <paramref name="pathName"/> that starts at <paramref name="start"/> (to the microsecond),
    /// found by file name alone, so an unreadable segment can be deleted too.
    /// </summary>
    public RecordLookup DeleteSegment(string pathName, DateTime start)
    {
        var status = TryGetTemplate(pathName, out var template, out _);
        if (status != RecordLookup.Ok)
        {
            return status;
        }

        var target = Micros(start);
        foreach (var (file, segmentStart) in SegmentFiles(template, pathName))
        {
            if (Micros(segmentStart) == target)
            {
                File.Delete(file);
                _durations.TryRemove(file, out _);
                return RecordLookup.Ok;
            }
        }

        return RecordLookup.NotFound;
    }

    /// <summary>Opens the index of a listed segment (init, samples) for reading its media.</summary>
    public static RecordSegmentIndex ReadIndex(RecordSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return RecordSegmentReader.Read(segment.File);
    }

    /// <summary>A valid path name (no empty, "." or ".." segment, no leading slash, no backslash, NUL or other odd character).</summary>
    public static bool IsSafePathName(string? pathName) => pathName is not null && PathNames.Validate(pathName) is null;

    internal static RecordPathTemplate Template(PathConf conf) => new(conf.RecordPath, conf.RecordFormat);

    private static EnumerationOptions Recurse { get; } = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };

    private static long Micros(DateTime t) => t.ToUniversalTime().Ticks / 10;

    /// <summary>The files of one path: its root (checked to lie inside the template's root) walked, names parsed and filtered.</summary>
    private static IEnumerable<(string File, DateTime Start)> SegmentFiles(RecordPathTemplate template, string pathName)
    {
        var basePrefix = template.Root(null);
        var baseRoot = Path.GetFullPath(basePrefix);
        var prefix = template.Root(pathName);
        var root = Path.GetFullPath(prefix);
        if (!IsInside(root, baseRoot, allowEqual: true) || !Directory.Exists(root))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*" + template.Extension, Recurse))
        {
            if (IsInside(file, baseRoot, allowEqual: false)
                && template.TryParse(prefix + "/" + Path.GetRelativePath(root, file).Replace('\\', '/'), out var name, out var start)
                && name == pathName)
            {
                yield return (file, start);
            }
        }
    }

    internal static bool IsInside(string fullPath, string fullRoot, bool allowEqual)
    {
        var r = Path.TrimEndingDirectorySeparator(fullRoot);
        if (string.Equals(fullPath, r, StringComparison.Ordinal))
        {
            return allowEqual;
        }

        return fullPath.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The segment's duration, from the cache when its length and modification time are unchanged; null when unreadable.</summary>
    private TimeSpan? Duration(string file)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(file);
            if (!info.Exists)
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }

        var length = info.Length;
        var mtime = info.LastWriteTimeUtc;
        if (_durations.TryGetValue(file, out var cached) && cached.Length == length && cached.Modified == mtime)
        {
            return cached.Duration;
        }

        TimeSpan? duration;
        try
        {
            Interlocked.Increment(ref _filesRead);
            duration = RecordSegmentReader.Read(file).Duration;
        }
        catch (Exception ex) when (ex is Mp4ProtocolException or IOException or UnauthorizedAccessException)
        {
            duration = null; // not (yet) a segment: a file being created, or something else with the extension
        }

        if (duration is not null)
        {
            _durations[file] = new CachedDuration(length, mtime, duration.Value);
        }

        return duration;
    }

    private readonly record struct CachedDuration(long Length, DateTime Modified, TimeSpan Duration);
}
