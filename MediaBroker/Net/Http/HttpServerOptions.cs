using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MediaBroker.Net.Http;

/// <summary>How one HTTP listener (HLS, WebRTC signalling, API, metrics, playback) is run by <see cref="HttpServerHost"/>.</summary>
public sealed record HttpServerOptions
{
    /// <summary>Shown in logs ("HLS", "API").</summary>
    public required string Name { get; init; }

    /// <summary>The one endpoint Kestrel listens on; port 0 picks a free port (see <see cref="HttpServerHost.BoundEndPoint"/>).</summary>
    public required IPEndPoint Endpoint { get; init; }

    /// <summary>When set, the listener speaks HTTPS only.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>MediaMTX's <c>*AllowOrigins</c>: "*", exact origins, or wildcards such as "http://*.example.com".</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = ["*"];

    /// <summary>MediaMTX's <c>*TrustedProxies</c>: IPs or CIDRs allowed to set X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Methods announced in CORS preflight answers.</summary>
    public string AllowMethods { get; init; } = "OPTIONS, GET";

    /// <summary>Request headers announced in CORS preflight answers.</summary>
    public string AllowHeaders { get; init; } = "Authorization, Range, Content-Type, If-Match";

    /// <summary>Response headers a browser script may read.</summary>
    public string ExposeHeaders { get; init; } = "";

    /// <summary>
    /// Run request handlers on the socket engine's thread instead of queueing each request to the thread pool
    /// (Kestrel's <c>UnsafePreferInlineScheduling</c>). Saves a thread hand-off and a wake-up per request, which is a
    /// large share of a small request's cost; only for servers whose handlers never block (HLS).
    /// </summary>
    public bool InlineScheduling { get; init; }

    /// <summary>
    /// Accept WebSocket upgrades (<c>HttpContext.WebSockets</c>) for the routes that ask for them; off, the listener
    /// saves the WebSocket middleware's work on every request.
    /// </summary>
    public bool WebSockets { get; init; }

    /// <summary>How long open requests may take to finish when the server stops.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>readTimeout</c>: the longest a client may take to send a request's headers, and to start its next request on
    /// a kept-alive connection (Kestrel's defaults, 30 s and 130 s, let slow or silent clients hold connections).
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>dumpPackets</c>: when set, every connection's bytes go to a pcapng file named with this prefix in the working
    /// directory; null, nothing is copied.
    /// </summary>
    public string? DumpPrefix { get; init; }
}
