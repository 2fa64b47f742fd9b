using System.Collections.Immutable;
using MediaBroker.Conf;

namespace MediaBroker.Auth;

/// <summary>
/// What the auth service needs from the configuration (mapped by the composition root from
/// <c>authMethod</c>, <c>authInternalUsers</c>, <c>authHTTP*</c>, <c>authJWT*</c> and <c>readTimeout</c>).
/// </summary>
public sealed record AuthOptions
{
    /// <summary><c>internal</c>, <c>http</c> or <c>jwt</c>.</summary>
    public string Method { get; init; } = "internal";
    public ImmutableArray<AuthInternalUserConf> InternalUsers { get; init; } = DefaultInternalUsers;

    /// <summary><c>authHTTPAddress</c>: the URL the http method POSTs to.</summary>
    public string HttpAddress { get; init; } = "";

    /// <summary><c>authHTTPExclude</c>: permissions granted without asking the HTTP server.</summary>
    public ImmutableArray<AuthPermissionConf> HttpExclude { get; init; } = [];

    /// <summary>
    /// <c>authHTTPFingerprint</c>: SHA-256 of the auth server's certificate; when set, only that certificate is
    /// accepted (no chain or name check). Empty: normal TLS validation.
    /// </summary>
    public string HttpFingerprint { get; init; } = "";

    /// <summary>Timeout of one HTTP auth request or JWKS fetch (MediaMTX uses <c>readTimeout</c>).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>authJWTJWKS</c>: the URL of the JSON Web Key Set that signs the tokens.</summary>
    public string JwtJwks { get; init; } = "";

    /// <summary><c>authJWTJWKSFingerprint</c>: like <see cref="HttpFingerprint"/>, for the JWKS fetch.</summary>
    public string JwtJwksFingerprint { get; init; } = "";

    /// <summary><c>authJWTClaimKey</c>: the claim holding a list of <c>{action, path}</c>.</summary>
    public string JwtClaimKey { get; init; } = "mediamtx_permissions";

    /// <summary><c>authJWTExclude</c>: permissions granted without a token.</summary>
    public ImmutableArray<AuthPermissionConf> JwtExclude { get; init; } = [];

    /// <summary><c>authJWTIssuer</c>: checked only when set.</summary>
    public string JwtIssuer { get; init; } = "";

    /// <summary><c>authJWTAudience</c>: checked only when set.</summary>
    public string JwtAudience { get; init; } = "";

    /// <summary><c>authFailureDelayMin</c>: the shortest pause before a failed authentication with credentials is answered.</summary>
    public TimeSpan FailureDelayMin { get; init; } = TimeSpan.Zero;

    /// <summary><c>authFailureDelayMax</c>: the longest such pause (MediaMTX's is a random 0 to 4 s).</summary>
    public TimeSpan FailureDelayMax { get; init; } = RandomAuthFailureDelay.DefaultMax;

    /// <summary>How long a fetched JWKS is used before it is fetched again (MediaMTX: one hour).</summary>
    public TimeSpan JwtJwksRefreshPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// MediaMTX's default users: anyone may publish, read and play back every path; anyone on the
    /// loopback addresses may use the api, metrics and pprof.
    /// </summary>
    public static ImmutableArray<AuthInternalUserConf> DefaultInternalUsers { get; } =
    [
        new AuthInternalUserConf
        {
            User = "any",
            Permissions = [new("publish"), new("read"), new("playback")],
        },
        new AuthInternalUserConf
        {
            User = "any",
            Ips = ["127.0.0.1", "::1"],
            Permissions = [new("api"), new("metrics"), new("pprof")],
        },
    ];
}
