using System.Collections.Immutable;
using System.Text.RegularExpressions;
using MediaBroker.Conf;

namespace MediaBroker.Auth;

/// <summary>A compiled permission: an action and, for publish/read/playback, a path rule ("" any, "~regex", exact).</summary>
internal sealed class AuthPermission
{
    private readonly string _path;
    private readonly Regex? _regex;

    private AuthPermission(AuthAction action, string path, Regex? regex)
    {
        Action = action;
        _path = path;
        _regex = regex;
    }

    public AuthAction Action { get; }

    public static ImmutableArray<AuthPermission> CompileAll(ImmutableArray<AuthPermissionConf> confs, string owner, List<string> errors)
    {
        var builder = ImmutableArray.CreateBuilder<AuthPermission>();
        foreach (var conf in confs.IsDefault ? [] : confs)
        {
            if (!AuthNames.TryParseAction(conf.Action, out var action))
            {
                errors.Add($"{owner}: invalid action '{conf.Action}'");
                continue;
            }

            var path = conf.Path ?? "";
            Regex? regex = null;
            if (path.StartsWith('~'))
            {
                try
                {
                    // Unanchored search, like Go's regexp.MatchString; the timeout bounds a pathological pattern.
                    regex = new Regex(path[1..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    errors.Add($"{owner}: invalid path regex '{path}': {e.Message}");
                    continue;
                }
            }

            builder.Add(new AuthPermission(action, path, regex));
        }

        return builder.ToImmutable();
    }

    /// <summary>True when any permission of the list grants the request (MediaMTX's matchesPermission).</summary>
    public static bool AnyMatches(ImmutableArray<AuthPermission> permissions, AuthAction action, string path)
    {
        foreach (var p in permissions)
        {
            if (p.Matches(action, path))
            {
                return true;
            }
        }

        return false;
    }

    public bool Matches(AuthAction action, string path)
    {
        if (action != Action)
        {
            return false;
        }

        if (!AuthNames.HasPath(action) || _path.Length == 0)
        {
            return true;
        }

        if (_regex is not null)
        {
            try
            {
                return _regex.IsMatch(path);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        return string.Equals(_path, path, StringComparison.Ordinal);
    }
}
