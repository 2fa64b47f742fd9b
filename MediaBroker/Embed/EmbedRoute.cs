namespace MediaBroker.Embed;

/// <summary>What an info or embed URL asks for.</summary>
public enum EmbedRouteKind
{
    None,

    /// <summary><c>/json_&lt;path&gt;.js</c>: the stream info as JSON (or, upgraded, its updates over WebSocket).</summary>
    Json,

    /// <summary><c>/info_&lt;path&gt;.js</c>: the stream info as a script setting <c>mistvideo["&lt;path&gt;"]</c>.</summary>
    Script,

    /// <summary><c>/embed_&lt;path&gt;.js</c>: MistServer's script that puts a player of the path where it is included.</summary>
    EmbedScript,

    /// <summary><c>/&lt;path&gt;.html</c>: the player page.</summary>
    Page,

    /// <summary><c>/player.js</c>: the embeddable player.</summary>
    Player,

    /// <summary><c>/hls.min.js</c>: the vendored hls.js the player falls back to.</summary>
    HlsScript,
}

/// <summary>Parses the request path of the info and embed routes (MistServer's URL shapes). Pure.</summary>
public readonly record struct EmbedRoute(EmbedRouteKind Kind, string StreamPath)
{
    public const string PlayerName = "player.js";
    public const string HlsScriptName = "hls.min.js";

    public static EmbedRoute Parse(string? requestPath)
    {
        var p = (requestPath ?? "").TrimStart('/');
        if (p == PlayerName)
        {
            return new(EmbedRouteKind.Player, "");
        }

        if (p == HlsScriptName)
        {
            return new(EmbedRouteKind.HlsScript, "");
        }

        if (Strip(p, "json_", ".js") is { } json)
        {
            return new(EmbedRouteKind.Json, json);
        }

        if (Strip(p, "info_", ".js") is { } info)
        {
            return new(EmbedRouteKind.Script, info);
        }

        if (Strip(p, "embed_", ".js") is { } embed)
        {
            return new(EmbedRouteKind.EmbedScript, embed);
        }

        return Strip(p, "", ".html") is { } page ? new(EmbedRouteKind.Page, page) : default;
    }

    /// <summary>The path between <paramref name="prefix"/> and <paramref name="suffix"/>, or null.</summary>
    private static string? Strip(string p, string prefix, string suffix)
    {
        if (p.Length <= prefix.Length + suffix.Length || !p.StartsWith(prefix, StringComparison.Ordinal) || !p.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        // Kestrel has already unescaped the request path.
        var path = p[prefix.Length..^suffix.Length];
        return path.Length == 0 || path.StartsWith('/') || path.EndsWith('/') ? null : path;
    }
}
