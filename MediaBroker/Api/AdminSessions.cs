using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MediaBroker.Api;

/// <summary>
/// Sign-in sessions of the dashboard's login form: a random token (the cookie) that stands for the credentials
/// given at sign-in. Every request made with it is authorized again with those credentials, so a changed user
/// list or IP rule applies at once. Kept in memory: a restart signs everyone out.
/// </summary>
public sealed class AdminSessions(TimeProvider? time = null)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "mediabroker_session";

    /// <summary>The header that state-changing requests authorized by the cookie must carry (cross-site forms cannot set it).</summary>
    public const string CsrfHeader = "X-MediaBroker-Request";

    /// <summary>How long an unused session lives.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);

    private const int MaxSessions = 1000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for credentials that were just accepted; returns its token.</summary>
    public string Create(string user, string password)
    {
        var now = _time.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
        {
            Prune(now);
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _sessions[token] = new Session(user, password, now);
        return token;
    }

    /// <summary>The credentials of a live session (and extends it), or false.</summary>
    public bool TryGet(string token, out string user, out string password)
    {
        user = password = "";
        if (token.Length == 0 || !_sessions.TryGetValue(token, out var session))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (now - session.LastUse > IdleTimeout)
        {
            _sessions.TryRemove(token, out _);
            return false;
        }

        _sessions.TryUpdate(token, session with { LastUse = now }, session);
        (user, password) = (session.User, session.Password);
        return true;
    }

    public void Remove(string token) => _sessions.TryRemove(token, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (token, session) in _sessions)
        {
            if (now - session.LastUse > IdleTimeout)
            {
                _sessions.TryRemove(token, out _);
            }
        }

        // Still full of live sessions: the oldest one goes, so sign-ins cannot grow memory without bound.
        while (_sessions.Count >= MaxSessions && _sessions.MinBy(kv => kv.Value.LastUse) is { Key: { } oldest })
        {
            _sessions.TryRemove(oldest, out _);
        }
    }

    private sealed record Session(string User, string Password, DateTimeOffset LastUse);
}
