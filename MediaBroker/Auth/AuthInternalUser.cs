using System.Collections.Immutable;
using MediaBroker.Conf;

namespace MediaBroker.Auth;

/// <summary>One compiled <c>authInternalUsers</c> entry.</summary>
internal sealed class AuthInternalUser
{
    private AuthInternalUser(AuthCredential? user, AuthCredential? pass, AuthIpList ips, ImmutableArray<AuthPermission> permissions)
    {
        User = user;
        Pass = pass;
        Ips = ips;
        Permissions = permissions;
    }

    /// <summary>Null for <c>user: any</c>.</summary>
    public AuthCredential? User { get; }
    public AuthCredential? Pass { get; }
    public AuthIpList Ips { get; }
    public ImmutableArray<AuthPermission> Permissions { get; }

    public bool IsAny => User is null;

    public static AuthInternalUser? Compile(AuthInternalUserConf conf, int index, Lazy<SodiumPasswordHash?> sodium, List<string> errors)
    {
        var owner = $"authInternalUsers[{index}]";
        var before = errors.Count;
        AuthCredential? user = null;
        AuthCredential? pass = null;
        if (conf.User.Length == 0)
        {
            errors.Add($"{owner}: empty user (use 'any' for anonymous access)");
        }
        else if (conf.User == "any")
        {
            if (conf.Pass.Length != 0)
            {
                errors.Add($"{owner}: user 'any' must have an empty pass");
            }
        }
        else
        {
            if (!AuthCredential.TryParse(conf.User, sodium, out user, out var e1))
            {
                errors.Add($"{owner}.user: {e1}");
            }

            if (!AuthCredential.TryParse(conf.Pass, sodium, out pass, out var e2))
            {
                errors.Add($"{owner}.pass: {e2}");
            }
        }

        var ipErrors = new List<string>();
        AuthIpList.TryParse(conf.Ips, out var ips, ipErrors);
        errors.AddRange(ipErrors.Select(e => $"{owner}.ips: {e}"));
        var permissions = AuthPermission.CompileAll(conf.Permissions, owner, errors);
        return errors.Count == before ? new AuthInternalUser(user, pass, ips, permissions) : null;
    }
}
