using System.Text;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// <c>hlsDirectory</c>: mirrors a muxer's snapshots to <c>{directory}/{path}/</c> (playlists, init, segments and, for
/// low latency, parts), for a web server or CDN that serves files. Every file is written to a temporary name and
/// renamed, so a reader never sees half a segment; files that left the window are deleted, and everything this
/// writer made is removed when the muxer ends. Runs on its own task so a slow disk never holds up the muxer.
/// </summary>
internal sealed class HlsDirectoryWriter
{
    private readonly string _folder;
    private readonly HlsServerOptions _options;
    private readonly HlsSnapshotSource _output;
    private readonly ILogger _logger;
    private readonly string _pathName;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private bool _warned;

    public HlsDirectoryWriter(string pathName, HlsServerOptions options, HlsSnapshotSource output, ILogger logger)
    {
        _pathName = pathName;
        _folder = Path.Combine(Path.GetFullPath(options.Directory), pathName);
        _options = options;
        _output = output;
        _logger = logger;
    }

    /// <summary>Follows the snapshots until the muxer ends, then cleans up.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            var s = _output.Current;
            if (s.Ended)
            {
                Sync([]);
                return;
            }

            Sync(Files(s));
            await s.Next.ConfigureAwait(false);
        }
    }

    /// <summary>The files a snapshot consists of, by name, with their content.</summary>
    private Dictionary<string, Func<IEnumerable<ReadOnlyMemory<byte>>>> Files(HlsSnapshot s)
    {
        var files = new Dictionary<string, Func<IEnumerable<ReadOnlyMemory<byte>>>>(StringComparer.Ordinal);
        if (s.Segments.IsEmpty)
        {
            return files;
        }

        var variant = _options.Variant;
        if (!s.Init.IsEmpty)
        {
            files[HlsPlaylist.InitName] = () => [s.Init];
        }

        foreach (var seg in s.Segments)
        {
            files[HlsPlaylist.SegmentName(seg.Msn, variant)] = () => seg.Chunks;
            if (variant == HlsVariant.LowLatency)
            {
                AddParts(files, seg.Parts);
            }
        }

        if (variant == HlsVariant.LowLatency)
        {
            AddParts(files, s.CurrentParts);
        }

        // Playlists are rewritten on every snapshot; the other files never change once written.
        var media = Encoding.UTF8.GetBytes(HlsPlaylist.Media(s, variant, _options.SegmentCount, false, ""));
        var multivariant = Encoding.UTF8.GetBytes(HlsPlaylist.Multivariant(s, variant, ""));
        files[HlsPlaylist.MediaName] = () => [media];
        files[HlsPlaylist.MultivariantName] = () => [multivariant];
        return files;
    }

    private static void AddParts(Dictionary<string, Func<IEnumerable<ReadOnlyMemory<byte>>>> files, IEnumerable<HlsPart> parts)
    {
        foreach (var p in parts)
        {
            files[HlsPlaylist.PartName(p.Id)] = () => [p.Data];
        }
    }

    /// <summary>Writes what is new (and the playlists), after the media they list; deletes what left the window.</summary>
    private void Sync(Dictionary<string, Func<IEnumerable<ReadOnlyMemory<byte>>>> files)
    {
        try
        {
            if (files.Count > 0)
            {
                Directory.CreateDirectory(_folder);
            }

            foreach (var (name, content) in files)
            {
                if (!IsPlaylist(name) && !_written.Contains(name))
                {
                    WriteAtomically(name, content());
                    _written.Add(name);
                }
            }

            foreach (var name in new[] { HlsPlaylist.MediaName, HlsPlaylist.MultivariantName })
            {
                if (files.TryGetValue(name, out var content))
                {
                    _written.Add(name);
                    WriteAtomically(name, content());
                }
            }

            foreach (var name in _written.Where(n => !files.ContainsKey(n)).ToList())
            {
                File.Delete(Path.Combine(_folder, name));
                _written.Remove(name);
            }

            if (files.Count == 0 && Directory.Exists(_folder) && !Directory.EnumerateFileSystemEntries(_folder).Any())
            {
                Directory.Delete(_folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk must not stop the muxer: viewers are still served from memory.
            if (!_warned)
            {
                _warned = true;
                HlsLog.DirectoryFailed(_logger, _pathName, _folder, ex.Message);
            }
        }
    }

    private void WriteAtomically(string name, IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var target = Path.Combine(_folder, name);
        var temp = Path.Combine(_folder, "." + name + ".tmp");
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var c in chunks)
            {
                f.Write(c.Span);
            }
        }

        File.Move(temp, target, overwrite: true);
    }

    private static bool IsPlaylist(string name) => name.EndsWith(".m3u8", StringComparison.Ordinal);
}
