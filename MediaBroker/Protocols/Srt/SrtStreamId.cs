namespace MediaBroker.Protocols.Srt;

public enum SrtStreamMode
{
    /// <summary>The caller wants to receive the stream (MediaMTX <c>read:</c>, standard <c>m=request</c>).</summary>
    Read,

    /// <summary>The caller sends the stream (<c>publish:</c>, <c>m=publish</c>).</summary>
    Publish,
}

/// <summary>
/// What an SRT caller asks for, from its SRTO_STREAMID. Two grammars are accepted, as MediaMTX does:
/// <c>action:path[:query]</c> / <c>action:path:user:pass[:query]</c> with action <c>read</c> or
/// <c>publish</c>, and SRT's access-control syntax <c>#!::r=path,m=publish|request,u=user,s=pass</c>
/// (keys h and t=stream allowed, other keys ignored). Anything else is refused at the handshake.
/// </summary>
public sealed record SrtStreamId(SrtStreamMode Mode, string Path, string? User, string? Password, string Query)
{
    /// <summary>The SRT limit for SRTO_STREAMID.</summary>
    public const int MaxLength = 512;

    private const string StandardPrefix = "#!::";

    public static bool TryParse(string? raw, out SrtStreamId? id, out string error)
    {
        id = null;
        if (string.IsNullOrEmpty(raw))
        {
            error = "the stream id is empty: use 'publish:path' or 'read:path'";
            return false;
        }

        if (raw.Length > MaxLength)
        {
            error = "the stream id is too long";
            return false;
        }

        // Some encoders append this marker; it is not part of the resource name.
        if (raw.EndsWith("#feedbackplay", StringComparison.Ordinal))
        {
            raw = raw[..^"#feedbackplay".Length];
        }

        return raw.StartsWith(StandardPrefix, StringComparison.Ordinal)
            ? TryParseStandard(raw.AsSpan(StandardPrefix.Length), out id, out error)
            : TryParseColon(raw, out id, out error);
    }

    public override string ToString() =>
        $"{(Mode == SrtStreamMode.Publish ? "publish" : "read")}:{Path}{(User is null ? "" : ":" + User + ":***")}{(Query.Length == 0 ? "" : ":" + Query)}";

    private static bool TryParseColon(string raw, out SrtStreamId? id, out string error)
    {
        id = null;
        var parts = raw.Split(':');
        if (parts.Length is < 2 or > 5)
        {
            error = "the stream id must be 'action:path[:query]' or 'action:path:user:pass[:query]', with action 'read' or 'publish'";
            return false;
        }

        SrtStreamMode mode;
        switch (parts[0])
        {
            case "read":
                mode = SrtStreamMode.Read;
                break;
            case "publish":
                mode = SrtStreamMode.Publish;
                break;
            default:
                error = $"unknown action '{parts[0]}' in the stream id: use 'read' or 'publish'";
                return false;
        }

        if (parts[1].Length == 0)
        {
            error = "the stream id has no path";
            return false;
        }

        string? user = null, pass = null;
        var query = "";
        if (parts.Length >= 4)
        {
            user = parts[2];
            pass = parts[3];
        }

        if (parts.Length == 3)
        {
            query = parts[2];
        }
        else if (parts.Length == 5)
        {
            query = parts[4];
        }

        id = new SrtStreamId(mode, parts[1], user, pass, query);
        error = "";
        return true;
    }

    private static bool TryParseStandard(ReadOnlySpan<char> body, out SrtStreamId? id, out string error)
    {
        id = null;
        string? path = null, user = null, pass = null;
        var mode = SrtStreamMode.Read; // the access-control spec's default is m=request
        foreach (var range in body.Split(','))
        {
            var kv = body[range];
            var eq = kv.IndexOf('=');
            if (eq <= 0)
            {
                error = $"malformed key=value pair '{kv}' in the stream id";
                return false;
            }

            var key = kv[..eq];
            var value = kv[(eq + 1)..].ToString();
            switch (key)
            {
                case "r":
                    path = value;
                    break;
                case "u":
                    user = value;
                    break;
                case "s":
                    pass = value;
                    break;
                case "m" when value == "publish":
                    mode = SrtStreamMode.Publish;
                    break;
                case "m" when value == "request":
                    mode = SrtStreamMode.Read;
                    break;
                case "m":
                    error = $"unsupported mode '{value}' in the stream id: use 'request' or 'publish'";
                    return false;
                case "t" when value != "stream":
                    error = $"unsupported type '{value}' in the stream id: only 'stream' is served";
                    return false;
                default:
                    break; // h (host), t=stream and application keys carry nothing we need
            }
        }

        if (string.IsNullOrEmpty(path))
        {
            error = "the stream id has no resource name (r=path)";
            return false;
        }

        id = new SrtStreamId(mode, path, user, pass, "");
        error = "";
        return true;
    }
}
