using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>Serves the reader and publisher pages embedded from <c>Web/webrtc/</c>.</summary>
internal sealed class WebRtcPages
{
    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    public async Task WriteAsync(HttpContext http, string name)
    {
        var content = _cache.GetOrAdd(name, Load);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";

        // Embeddable in any page (<iframe src=".../cam">), like MediaMTX's pages.
        response.Headers.ContentSecurityPolicy = "frame-ancestors *";
        response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(content, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static byte[] Load(string name)
    {
        var assembly = typeof(WebRtcPages).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("webrtc." + name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"embedded page {name} is missing");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
