namespace MediaBroker.Api;

/// <summary>
/// The shape MediaMTX gives each admin HTTP server (api, metrics, pprof, playback): address, optional TLS,
/// CORS origins and the proxies allowed to set <c>X-Forwarded-For</c>.
/// </summary>
public sealed record AdminHttpOptions
{
    public required string Name { get; init; }

    /// <summary>MediaMTX style: ":9997", "127.0.0.1:9997", "[::1]:9997"; port 0 picks a free port.</summary>
    public required string Address { get; init; }

    public bool Encryption { get; init; }

    public string ServerKey { get; init; } = "server.key";

    public string ServerCert { get; init; } = "server.crt";

    /// <summary>Allowed CORS origins; "*" allows any, "http://*.example.com" matches sub-domains.</summary>
    /// <summary><c>readTimeout</c>: bounds a request's headers and the idle wait between requests.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> AllowOrigins { get; init; } = ["*"];

    /// <summary>IPs or CIDRs whose <c>X-Forwarded-For</c> is believed.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Methods announced in CORS preflight answers.</summary>
    public string AllowMethods { get; init; } = "OPTIONS, GET";
}
