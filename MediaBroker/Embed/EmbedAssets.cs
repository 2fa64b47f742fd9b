using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Embed;

/// <summary>
/// The embedded files of the player (Web/embed/) and the vendored hls.js (Web/hls/), read once, and the player page
/// made from its template.
/// </summary>
public sealed class EmbedAssets
{
    private readonly Lazy<byte[]> _player = new(() => Load("MediaBroker.Web.embed.player.js"));
    private readonly Lazy<byte[]> _hls = new(() => Load("MediaBroker.Web.hls.hls.min.js"));
    private readonly Lazy<string> _page = new(() => Encoding.UTF8.GetString(Load("MediaBroker.Web.embed.page.html")));

    public byte[] PlayerScript => _player.Value;

    public byte[] HlsScript => _hls.Value;

    /// <summary>
    /// The page of <paramref name="path"/>: the player script is referred to relatively (a page at
    /// <c>/live/cam.html</c> loads <c>../player.js</c>), so it works behind a proxy that serves the broker under a prefix,
    /// and carries the page's <paramref name="query"/> (credentials) to every request of the player.
    /// </summary>
    public string Page(string path, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        var up = string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/')));
        return _page.Value
            .Replace("{{title}}", WebUtility.HtmlEncode(path), StringComparison.Ordinal)
            .Replace("{{player}}", WebUtility.HtmlEncode(up + EmbedRoute.PlayerName + query), StringComparison.Ordinal)
            // JsonSerializer escapes <, > and &: the string cannot end the script element.
            .Replace("{{path}}", JsonSerializer.Serialize(path), StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>/embed_&lt;path&gt;.js</c>: inserts the player script, with <c>data-path</c> and the request's
    /// <paramref name="query"/>, where it was included itself, so the player appears in its place.
    /// </summary>
    public static string EmbedScript(string path, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        var player = JsonSerializer.Serialize(string.Concat(Enumerable.Repeat("../", path.Count(c => c == '/'))) + EmbedRoute.PlayerName + query);
        return $$"""
            (() => {
              const self = document.currentScript;
              const player = document.createElement('script');
              player.src = new URL({{player}}, self.src).toString();
              player.dataset.path = {{JsonSerializer.Serialize(path)}};
              self.parentNode.insertBefore(player, self);
            })();

            """;
    }

    private static byte[] Load(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
