using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using MediaBroker.Conf;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MediaBroker.Auth;

/// <summary>
/// <c>authMethod: jwt</c>: the token must be signed by a key of the JWKS at <c>authJWTJWKS</c>, and its
/// <c>authJWTClaimKey</c> claim (a list of <c>{action, path}</c>, or that list as a JSON string) must grant the
/// request. The user is the token's <c>sub</c>. The JWKS is fetched on first use and again once older than
/// the refresh period or after <see cref="InvalidateKeys"/>; concurrent requests share one fetch, and no lock is
/// held while it runs.
/// </summary>
internal sealed class JwtAuthMethod : IAuthMethod
{
    private readonly HttpClient _client;
    private readonly Uri _jwks;
    private readonly string _claimKey;
    private readonly ImmutableArray<AuthPermission> _exclude;
    private readonly string _issuer;
    private readonly string _audience;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _refreshPeriod;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private Task<KeySet>? _keys;

    private JwtAuthMethod(AuthOptions options, Uri jwks, ImmutableArray<AuthPermission> exclude, HttpClient client, TimeProvider time)
    {
        _client = client;
        _jwks = jwks;
        _claimKey = options.JwtClaimKey;
        _exclude = exclude;
        _issuer = options.JwtIssuer;
        _audience = options.JwtAudience;
        _timeout = options.HttpTimeout;
        _refreshPeriod = options.JwtJwksRefreshPeriod;
        _time = time;
    }

    public static JwtAuthMethod? Create(AuthOptions options, HttpClient client, TimeProvider time, List<string> errors)
    {
        var before = errors.Count;
        if (!Uri.TryCreate(options.JwtJwks, UriKind.Absolute, out var jwks)
            || (jwks.Scheme != Uri.UriSchemeHttp && jwks.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("authJWTJWKS must be an http:// or https:// URL when authMethod is jwt");
        }

        if (options.JwtJwksFingerprint.Length != 0 && !CertificateFingerprint.IsValid(options.JwtJwksFingerprint))
        {
            errors.Add("authJWTJWKSFingerprint must be a SHA-256 fingerprint (64 hex digits)");
        }

        if (string.IsNullOrEmpty(options.JwtClaimKey))
        {
            errors.Add("authJWTClaimKey must not be empty");
        }

        var exclude = AuthPermission.CompileAll(options.JwtExclude, "authJWTExclude", errors);
        return errors.Count == before ? new JwtAuthMethod(options, jwks!, exclude, client, time) : null;
    }

    /// <summary>Forces a fetch of the JWKS on the next request (<c>POST /v3/auth/jwks/refresh</c>).</summary>
    public void InvalidateKeys() => Interlocked.Exchange(ref _keys, null);

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken ct)
    {
        if (AuthPermission.AnyMatches(_exclude, request.Action, request.Path))
        {
            return AuthResult.Ok(request.User);
        }

        var token = PickToken(request);
        if (token.Length == 0)
        {
            return AuthResult.Denied("JWT not provided");
        }

        KeySet keys;
        try
        {
            keys = await GetKeysAsync().WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ArgumentException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return AuthResult.Denied($"unable to get the JWKS from {_jwks}: {e.Message}");
        }

        var validation = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Keys,
            ValidateIssuer = _issuer.Length != 0,
            ValidIssuer = _issuer,
            ValidateAudience = _audience.Length != 0,
            ValidAudience = _audience,
            ValidateLifetime = true,

            // Like MediaMTX (golang-jwt): exp is checked when present, not required, and without leeway.
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.Zero,
        }).ConfigureAwait(false);
        if (!validation.IsValid || validation.SecurityToken is not JsonWebToken jwt)
        {
            return AuthResult.Denied($"invalid JWT: {validation.Exception?.Message ?? "not a JWS"}");
        }

        var permissions = ReadPermissions(jwt, _claimKey, out var error);
        if (permissions is null)
        {
            return AuthResult.Denied(error);
        }

        return AuthPermission.AnyMatches(permissions.Value, request.Action, request.Path)
            ? AuthResult.Ok(jwt.Subject ?? "")
            : AuthResult.Denied("user doesn't have permission to perform action");
    }

    /// <summary>MediaMTX's order: the bearer token, else the password; RTSP and RTMP put the token in the password or the query.</summary>
    private static string PickToken(AuthRequest request)
    {
        if (request.Protocol is AuthProtocol.Rtsp or AuthProtocol.Rtmp)
        {
            if (request.Password.Length != 0)
            {
                return request.Password;
            }

            if (request.Token.Length != 0)
            {
                return request.Token;
            }

            QueryCredentials.TryParse(request.Query, out _, out _, out var fromQuery);
            return fromQuery;
        }

        return request.Token.Length != 0 ? request.Token : request.Password;
    }

    private Task<KeySet> GetKeysAsync()
    {
        while (true)
        {
            var current = Volatile.Read(ref _keys);
            if (current is not null && !IsStale(current))
            {
                return current;
            }

            // One fetch for everyone: whoever installs the new task runs the fetch, the others await that task.
            var fetch = new TaskCompletionSource<KeySet>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _keys, fetch.Task, current), current))
            {
                _ = FetchAsync(fetch);
                return fetch.Task;
            }
        }
    }

    private bool IsStale(Task<KeySet> keys) =>
        keys.IsFaulted || keys.IsCanceled
        || (keys.IsCompletedSuccessfully && _time.GetUtcNow() - keys.Result.FetchedAt >= _refreshPeriod);

    /// <summary>Never faults: the outcome goes to <paramref name="result"/>, which the requests await.</summary>
    private async Task FetchAsync(TaskCompletionSource<KeySet> result)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_timeout);
            var json = await _client.GetStringAsync(_jwks, timeout.Token).ConfigureAwait(false);
            var set = new JsonWebKeySet(json);
            result.SetResult(new KeySet([.. set.GetSigningKeys()], _time.GetUtcNow()));
        }
#pragma warning disable CA1031 // The exception is handed to every waiting request, not swallowed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // A failed fetch is not cached: the next request tries again.
            _ = Interlocked.CompareExchange(ref _keys, null, result.Task);
            result.SetException(e);
        }
    }

    private static ImmutableArray<AuthPermission>? ReadPermissions(JsonWebToken jwt, string claimKey, out string error)
    {
        error = "";
        try
        {
            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            if (!payload.RootElement.TryGetProperty(claimKey, out var claim))
            {
                error = $"claim '{claimKey}' not found inside JWT";
                return null;
            }

            // Some identity providers can only emit string claims: accept the list encoded as a JSON string too.
            using var fromString = claim.ValueKind == JsonValueKind.String ? JsonDocument.Parse(claim.GetString()!) : null;
            var list = fromString?.RootElement ?? claim;
            if (list.ValueKind != JsonValueKind.Array)
            {
                error = $"claim '{claimKey}' is not a list of permissions";
                return null;
            }

            var confs = ImmutableArray.CreateBuilder<AuthPermissionConf>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String)
                {
                    var path = item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
                    confs.Add(new AuthPermissionConf(action.GetString()!, path));
                }
            }

            var errors = new List<string>();
            var permissions = AuthPermission.CompileAll(confs.ToImmutable(), $"claim '{claimKey}'", errors);
            if (errors.Count != 0)
            {
                error = string.Join("; ", errors);
                return null;
            }

            return permissions;
        }
        catch (JsonException e)
        {
            error = $"claim '{claimKey}' is not valid JSON: {e.Message}";
            return null;
        }
    }

    private sealed record KeySet(ImmutableArray<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
