namespace MediaBroker.Push.Files;

/// <summary>The container a file push writes, chosen by the file's extension.</summary>
public enum FileTargetFormat
{
    MpegTs,
    Flv,
    Fmp4,
    Matroska,
}

/// <summary>
/// A file push target: an absolute path (<c>/rec/x.ts</c>) or a <c>file://</c> URL, with extension <c>.ts</c>,
/// <c>.flv</c>, <c>.mp4</c> (fragmented) or <c>.mkv</c> (live Matroska), each playable while written. Of MistServer's
/// parameters after the last '?' the
/// time window (<see cref="PushWindow"/>) is honoured; the others (split, video, audio...) are refused with a clear
/// error rather than silently ignored.
/// </summary>
public sealed record FileTarget(string FilePath, FileTargetFormat Format)
{
    /// <summary>When the file starts and stops (the whole stream when the target has no parameters).</summary>
    public PushWindow Window { get; init; } = PushWindow.Always;

    /// <summary>True when <paramref name="url"/> names a file at all (whatever its extension): an absolute path or file://.</summary>
    public static bool IsFileUrl(string url) =>
        url.StartsWith('/') || url.StartsWith("file://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a file target; false with a readable <paramref name="error"/> when it cannot be written.</summary>
    public static bool TryParse(string url, out FileTarget? target, out string error)
    {
        ArgumentNullException.ThrowIfNull(url);
        target = null;
        var path = url;
        if (path.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(path, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
            {
                error = $"'{url}' is not a file:/// URL of a local absolute path";
                return false;
            }

            path = Uri.UnescapeDataString(uri.AbsolutePath) + uri.Query;
        }

        var window = PushWindow.Always;
        var q = path.LastIndexOf('?');
        if (q >= 0)
        {
            if (!PushWindow.TryParse(path[(q + 1)..], out window, out error))
            {
                return false;
            }

            path = path[..q];
        }

        if (!path.StartsWith('/') || path.EndsWith('/'))
        {
            error = $"'{url}' is not an absolute file path";
            return false;
        }

        FileTargetFormat? format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ts" => FileTargetFormat.MpegTs,
            ".flv" => FileTargetFormat.Flv,
            ".mp4" => FileTargetFormat.Fmp4,
            ".mkv" => FileTargetFormat.Matroska,
            _ => null,
        };
        if (format is null)
        {
            error = $"unsupported file target '{Path.GetFileName(path)}': the extension must be .ts, .flv, .mp4 or .mkv";
            return false;
        }

        target = new FileTarget(path, format.Value) { Window = window };
        error = "";
        return true;
    }
}
