using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Auth;

/// <summary>
/// The one authentication entry point of every protocol. Thread-safe: the configured method is an immutable
/// snapshot swapped by <see cref="Reload"/>, so a lookup never waits on a lock and a slow HTTP auth server
/// only delays the request that asked (unlike MediaMTX, where auth runs inside the path manager loop).
/// </summary>
public sealed class AuthService : IDisposable
{
    private readonly ILogger _logger;
    private readonly IAuthFailureDelay? _injectedDelay;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;

    // One client per pinned fingerprint, kept until Dispose: a reload may still have requests in flight on the
    // old method, and the set of fingerprints ever configured is tiny. Guarded by locking itself (never across awaits).
    private readonly Dictionary<string, HttpClient> _pinnedClients = [];
    private readonly Lazy<SodiumPasswordHash?> _sodium = new(SodiumPasswordHash.TryLoad);
    private readonly TimeProvider _time;
    private IAuthMethod _method;
    private IAuthFailureDelay _configuredDelay;

    /// <param name="options">Initial settings; invalid ones throw <see cref="AuthOptionsException"/> (startup must fail).</param>
    /// <param name="failureDelay">Defaults to a random pause between the options' <c>FailureDelayMin</c> and <c>FailureDelayMax</c>.</param>
    /// <param name="httpClient">
    /// Used by <c>authMethod: http</c> and the JWKS fetch when no fingerprint is configured for them; when null the
    /// service creates and owns one. Calls with a fingerprint always use a pinned client the service owns.
    /// </param>
    /// <param name="time">The clock of the JWKS refresh period.</param>
    public AuthService(AuthOptions options, ILogger<AuthService> logger, IAuthFailureDelay? failureDelay = null,
        HttpClient? httpClient = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _injectedDelay = failureDelay;
        _configuredDelay = new RandomAuthFailureDelay(options.FailureDelayMin, options.FailureDelayMax, _time);
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient();
        _method = Build(options, _sodium, ClientFor, _time, out var errors)
            ?? throw new AuthOptionsException(errors);
    }

    /// <summary>Every problem in <paramref name="options"/>; empty when they are valid. For the config validator.</summary>
    public static ImmutableArray<string> Validate(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var client = new HttpClient();
        Build(options, new Lazy<SodiumPasswordHash?>(SodiumPasswordHash.TryLoad), _ => client, TimeProvider.System, out var errors);
        return errors;
    }

    /// <summary>
    /// Applies new settings (hot reload of users and method). Requests in flight finish with the old snapshot.
    /// Invalid settings are logged and thrown, and the previous ones stay in force.
    /// </summary>
    public void Reload(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var next = Build(options, _sodium, ClientFor, _time, out var errors);
        if (next is null)
        {
            AuthLog.ReloadRejected(_logger, string.Join("; ", errors));
            throw new AuthOptionsException(errors);
        }

        Interlocked.Exchange(ref _method, next);
        Volatile.Write(ref _configuredDelay, new RandomAuthFailureDelay(options.FailureDelayMin, options.FailureDelayMax, _time));
        AuthLog.Reloaded(_logger, options.Method);
    }

    /// <summary>
    /// Decides a request. <see cref="AuthOutcome.CredentialsRequired"/> returns at once; a denial with
    /// credentials is logged and returned only after the anti brute-force delay.
    /// </summary>
    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = Volatile.Read(ref _method);
        var result = await method.AuthenticateAsync(request, ct).ConfigureAwait(false);
        if (result.IsOk)
        {
            return result;
        }

        if (request.HasNoCredentials)
        {
            return AuthResult.CredentialsRequired;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            AuthLog.Failed(_logger, result.Reason, request.User, AuthIpList.Normalize(request.RemoteIp).ToString(),
                AuthNames.Of(request.Action), request.Path, request.Protocol);
        }

        await (_injectedDelay ?? Volatile.Read(ref _configuredDelay)).DelayAsync(ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Makes <c>authMethod: jwt</c> fetch the JWKS again on the next request (<c>POST /v3/auth/jwks/refresh</c>).</summary>
    public void RefreshJwks()
    {
        if (Volatile.Read(ref _method) is JwtAuthMethod jwt)
        {
            jwt.InvalidateKeys();
        }
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }

        lock (_pinnedClients)
        {
            foreach (var client in _pinnedClients.Values)
            {
                client.Dispose();
            }

            _pinnedClients.Clear();
        }
    }

    /// <summary>The shared client, or for a valid fingerprint a client that accepts only that certificate.</summary>
    private HttpClient ClientFor(string fingerprint)
    {
        // An invalid fingerprint gets the shared client: Create reports it and the method is never used.
        var pin = CertificateFingerprint.Normalize(fingerprint);
        if (pin.Length == 0)
        {
            return _httpClient;
        }

        lock (_pinnedClients)
        {
            if (!_pinnedClients.TryGetValue(pin, out var client))
            {
                client = new HttpClient(CertificateFingerprint.CreateHandler(pin));
                _pinnedClients.Add(pin, client);
            }

            return client;
        }
    }

    private static IAuthMethod? Build(AuthOptions options, Lazy<SodiumPasswordHash?> sodium, Func<string, HttpClient> clientFor,
        TimeProvider time, out ImmutableArray<string> errors)
    {
        var list = new List<string>();
        IAuthMethod? method = options.Method switch
        {
            "internal" or "" => InternalAuthMethod.Create(options.InternalUsers, sodium, list),
            "http" => HttpAuthMethod.Create(options, clientFor(options.HttpFingerprint), list),
            "jwt" => JwtAuthMethod.Create(options, clientFor(options.JwtJwksFingerprint), time, list),
            _ => Fail(list, $"invalid authMethod '{options.Method}' (expected internal, http or jwt)"),
        };
        errors = [.. list];
        return list.Count == 0 ? method : null;
    }

    private static IAuthMethod? Fail(List<string> errors, string message)
    {
        errors.Add(message);
        return null;
    }
}
