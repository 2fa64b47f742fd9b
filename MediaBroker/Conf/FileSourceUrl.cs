namespace MediaBroker.Conf;

/// <summary>Which demuxer reads a file, chosen by its extension.</summary>
public enum FileContainer
{
    Mp4,
    Matroska,
    MpegTs,
    Flv,
}

/// <summary>
/// A <c>file://</c> source: an absolute file (<c>file:///srv/clip.mp4</c>) or, ending in a slash, a folder whose files
/// are read as <c>&lt;path&gt;/&lt;file name&gt;</c>. <c>?loop=yes</c> plays the file again and again. Parsing only, no I/O.
/// </summary>
public sealed record FileSourceUrl(string LocalPath, bool Loop)
{
    public const string Scheme = "file://";

    /// <summary>The extensions a file source accepts, and the container each stands for.</summary>
    public static IReadOnlyDictionary<string, FileContainer> Extensions { get; } = new Dictionary<string, FileContainer>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = FileContainer.Mp4,
        [".m4v"] = FileContainer.Mp4,
        [".m4a"] = FileContainer.Mp4,
        [".mov"] = FileContainer.Mp4,
        [".mkv"] = FileContainer.Matroska,
        [".webm"] = FileContainer.Matroska,
        [".ts"] = FileContainer.MpegTs,
        [".flv"] = FileContainer.Flv,
    };

    /// <summary>The URL names a folder (it ends in a slash).</summary>
    public bool IsFolder => LocalPath.EndsWith('/');

    public static bool IsFileUrl(string source) => source.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="source"/>; null with <paramref name="error"/> set when it is not a usable file URL.</summary>
    public static FileSourceUrl? TryParse(string source, out string? error)
    {
        error = null;
        if (!IsFileUrl(source))
        {
            error = "is not a file:// URL";
            return null;
        }

        var rest = source[Scheme.Length..];
        var loop = false;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : pair[(eq + 1)..];
                if (key != "loop")
                {
                    error = $"has an unknown option '{key}' (only loop=yes|no)";
                    return null;
                }

                if (!ConfValues.TryParseBool(value, out loop))
                {
                    error = $"has loop={value}; use loop=yes or loop=no";
                    return null;
                }
            }

            rest = rest[..q];
        }

        string path;
        try
        {
            path = Uri.UnescapeDataString(rest);
        }
        catch (UriFormatException)
        {
            error = "has a malformed escape";
            return null;
        }

        if (!path.StartsWith('/'))
        {
            error = "must name an absolute path: file:///folder/file.mp4 (three slashes)";
            return null;
        }

        if (path.Split('/').Any(s => s is ".."))
        {
            error = "cannot contain '..'";
            return null;
        }

        return new FileSourceUrl(path, loop);
    }

    /// <summary>The container of a file name, or null when its extension is not one a file source reads.</summary>
    public static FileContainer? ContainerOf(string fileName) =>
        Extensions.TryGetValue(System.IO.Path.GetExtension(fileName), out var c) ? c : null;

    /// <summary>The extensions, for error messages: ".mp4, .m4v, ...".</summary>
    public static string ExtensionList => string.Join(", ", Extensions.Keys);

    /// <summary>
    /// The playable file a folder source serves for <paramref name="pathName"/>: the name as given when it has a playable
    /// extension, else the first of name + <see cref="Extensions"/> that exists (so <c>vod/clip</c> finds <c>clip.mp4</c>;
    /// RTMP clients strip a <c>.flv</c> extension from what they ask for). Null when there is none.
    /// </summary>
    public string? FindFileInFolder(string confName, string pathName)
    {
        if (FileInFolder(confName, pathName) is not { } file)
        {
            return null;
        }

        if (ContainerOf(file) is not null)
        {
            return File.Exists(file) ? file : null;
        }

        foreach (var ext in Extensions.Keys)
        {
            if (File.Exists(file + ext))
            {
                return file + ext;
            }
        }

        return null;
    }

    /// <summary>
    /// The file a folder source serves for <paramref name="pathName"/> (its conf is named <paramref name="confName"/>):
    /// the part after "confName/", inside the folder. Null when the name is not under the conf's name.
    /// </summary>
    public string? FileInFolder(string confName, string pathName)
    {
        if (!IsFolder || pathName.Length <= confName.Length + 1 || !pathName.StartsWith(confName + "/", StringComparison.Ordinal))
        {
            return null;
        }

        // Path names never hold "." or ".." segments (PathNames.Validate), so the file stays inside the folder.
        return LocalPath + pathName[(confName.Length + 1)..];
    }
}
