namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>What an HTTP path on the WebRTC listener addresses.</summary>
public enum WebRtcRouteKind
{
    None,
    ReaderPage,
    PublisherPage,
    Whip,
    Whep,
    WhipSession,
    WhepSession,
}

/// <summary>
/// Splits a request path: <c>/{path}</c>, <c>/{path}/publish</c>, <c>/{path}/whip|whep</c> and
/// <c>/{path}/whip|whep/{secret}</c>. Stream paths may contain slashes, so the suffix is read from the end.
/// </summary>
public readonly record struct WebRtcRoute(WebRtcRouteKind Kind, string StreamPath, string? Secret)
{
    public static WebRtcRoute Parse(string requestPath)
    {
        ArgumentNullException.ThrowIfNull(requestPath);
        var p = requestPath.Trim('/');
        if (p.Length == 0)
        {
            return default;
        }

        var parts = p.Split('/');
        var n = parts.Length;
        if (n >= 3 && parts[n - 2] is "whip" or "whep" && IsSecret(parts[n - 1]))
        {
            return new(parts[n - 2] == "whip" ? WebRtcRouteKind.WhipSession : WebRtcRouteKind.WhepSession, Join(parts, n - 2), parts[n - 1]);
        }

        if (n >= 2)
        {
            switch (parts[n - 1])
            {
                case "whip": return new(WebRtcRouteKind.Whip, Join(parts, n - 1), null);
                case "whep": return new(WebRtcRouteKind.Whep, Join(parts, n - 1), null);
                case "publish": return new(WebRtcRouteKind.PublisherPage, Join(parts, n - 1), null);
            }
        }

        return new(WebRtcRouteKind.ReaderPage, p, null);
    }

    private static bool IsSecret(string s) => s.Length == 32 && s.All(char.IsAsciiHexDigitLower);

    private static string Join(string[] parts, int count) => string.Join('/', parts, 0, count);
}
