namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// The path and query of an RTSP request URI. Path names may contain slashes (<c>test/stream</c>); the query is
/// kept for auth and hooks. SETUP URIs carry a track's control after the path, and clients that resolve the
/// control against a base with a query put it after the query (<c>cam?x=1/trackID=0</c>), so the control is
/// stripped from the whole remainder before it is split.
/// </summary>
public readonly record struct RtspRequestUrl(string Path, string Query)
{
    /// <summary>Parses <c>rtsp://host:port/path?query</c> (or an absolute path).</summary>
    public static bool TryParse(string? uri, out RtspRequestUrl url)
    {
        url = default;
        if (!TryGetPathAndQuery(uri, out var rest))
        {
            return false;
        }

        url = Split(rest);
        return true;
    }

    /// <summary>Removes a track control suffix ("trackID=1", "streamid=0") from a SETUP URI; returns the track's index in <paramref name="controls"/>.</summary>
    public static bool TryParseSetup(string? uri, IReadOnlyList<string?> controls, out RtspRequestUrl url, out int track)
    {
        url = default;
        track = -1;
        if (!TryGetPathAndQuery(uri, out var rest))
        {
            return false;
        }

        for (var i = 0; i < controls.Count; i++)
        {
            var control = controls[i];
            if (string.IsNullOrEmpty(control) || control == "*")
            {
                continue;
            }

            if (control.Contains("://", StringComparison.Ordinal))
            {
                if (string.Equals(control.TrimEnd('/'), uri!.TrimEnd('/'), StringComparison.Ordinal)
                    && TryGetPathAndQuery(control, out var abs))
                {
                    var slash = abs.LastIndexOf('/');
                    url = Split(slash > 0 ? abs[..slash] : abs);
                    track = i;
                    return true;
                }

                var last = control.TrimEnd('/');
                control = last[(last.LastIndexOf('/') + 1)..];
            }

            var trimmed = rest.TrimEnd('/');
            if (trimmed.EndsWith("/" + control, StringComparison.Ordinal) || trimmed == control)
            {
                url = Split(trimmed[..Math.Max(0, trimmed.Length - control.Length - 1)]);
                track = i;
                return true;
            }
        }

        // A single track without a usable control is set up on the aggregate URI.
        url = Split(rest);
        if (controls.Count == 1)
        {
            track = 0;
        }

        return true;
    }

    private static bool TryGetPathAndQuery(string? uri, out string rest)
    {
        rest = "";
        if (string.IsNullOrEmpty(uri))
        {
            return false;
        }

        if (uri.StartsWith('/'))
        {
            rest = uri[1..];
            return true;
        }

        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return false;
        }

        var slash = uri.IndexOf('/', scheme + 3);
        var question = uri.IndexOf('?', scheme + 3);
        if (slash < 0 || (question >= 0 && question < slash))
        {
            rest = question < 0 ? "" : uri[question..];
            return true;
        }

        rest = uri[(slash + 1)..];
        return true;
    }

    private static RtspRequestUrl Split(string rest)
    {
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rest : rest[..q];
        var query = q < 0 ? "" : rest[(q + 1)..];
        return new RtspRequestUrl(Uri.UnescapeDataString(path.Trim('/')), query.TrimEnd('/'));
    }
}
