namespace MediaBroker.Auth;

/// <summary>The lower-case wire names MediaMTX uses for actions (config keys and the HTTP auth JSON).</summary>
public static class AuthNames
{
    public static string Of(AuthAction action) => action switch
    {
        AuthAction.Publish => "publish",
        AuthAction.Read => "read",
        AuthAction.Playback => "playback",
        AuthAction.Api => "api",
        AuthAction.Metrics => "metrics",
        AuthAction.Pprof => "pprof",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Parses a config action name (case-insensitive).</summary>
    public static bool TryParseAction(string? name, out AuthAction action)
    {
        switch (name?.ToLowerInvariant())
        {
            case "publish": action = AuthAction.Publish; return true;
            case "read": action = AuthAction.Read; return true;
            case "playback": action = AuthAction.Playback; return true;
            case "api": action = AuthAction.Api; return true;
            case "metrics": action = AuthAction.Metrics; return true;
            case "pprof": action = AuthAction.Pprof; return true;
            default: action = default; return false;
        }
    }

    /// <summary>True for the actions whose permission may restrict the path.</summary>
    public static bool HasPath(AuthAction action) =>
        action is AuthAction.Publish or AuthAction.Read or AuthAction.Playback;
}
