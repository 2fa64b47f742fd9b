namespace MediaBroker.Net.Http;

/// <summary>
/// Decides the Access-Control-Allow-Origin answer for a request Origin from MediaMTX-style allowed origins:
/// "*" allows everyone; other entries match the whole origin, where '*' stands for any run of characters
/// ("http://*.example.com"). Immutable and thread-safe.
/// </summary>
public sealed class HttpCorsPolicy
{
    private readonly string[] _patterns;
    private readonly bool _any;

    public HttpCorsPolicy(IReadOnlyList<string> allowOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowOrigins);
        _patterns = [.. allowOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim())];
        _any = _patterns.Contains("*");
    }

    /// <summary>
    /// The value for Access-Control-Allow-Origin, or null when the origin is not allowed (no CORS headers are sent).
    /// "*" when every origin is allowed and the request named none.
    /// </summary>
    public string? AllowedOrigin(string? origin)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return _any ? "*" : null;
        }

        if (_any)
        {
            // Echo the origin rather than "*": browsers refuse "*" together with credentials (Authorization).
            return origin;
        }

        foreach (var p in _patterns)
        {
            if (WildcardMatch(p, origin))
            {
                return origin;
            }
        }

        return null;
    }

    /// <summary>Case-insensitive match where '*' matches any run of characters (including none).</summary>
    public static bool WildcardMatch(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (p < pattern.Length && char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(value[v]))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
