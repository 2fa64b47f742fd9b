using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>Deprecated keys whose meaning moved to more than one key, or to another level.</summary>
internal static partial class ConfDeprecations
{
    private static void ApplySpecial(
        YamlMappingNode map, Deprecated d, string keyPath, YamlNode keyNode, YamlNode valueNode, ConfSchema schema,
        ConfBindContext ctx, Dictionary<string, (YamlNode Key, YamlNode Value)> legacy)
    {
        switch (d.Name)
        {
            case "externalAuthenticationURL":
                ctx.Warn(keyPath, keyNode, "deprecated; use 'authMethod: http' and 'authHTTPAddress' instead");
                if (valueNode is YamlScalarNode { Value.Length: > 0 } && !BinderIsNull(valueNode))
                {
                    var method = new YamlScalarNode("http");
                    ctx.InheritLine(method, valueNode);
                    SetUnlessPresent(map, "authMethod", method, schema);
                    SetUnlessPresent(map, "authHTTPAddress", valueNode, schema);
                }

                break;
            case "webrtcICEServers":
                ctx.Warn(keyPath, keyNode, "deprecated; use 'webrtcICEServers2' instead");
                SetUnlessPresent(map, "webrtcICEServers2", IceServersFromStrings(valueNode, keyPath, ctx), schema);
                break;
            case "playback":
                ctx.Warn(keyPath, keyNode, "deprecated; use the global 'playback' key instead");
                if (valueNode is YamlScalarNode { Value: { } t } && ConfValues.TryParseBool(t, out bool on))
                {
                    ctx.PlaybackFromPath |= on;
                }
                else if (!BinderIsNull(valueNode))
                {
                    ctx.Error(keyPath, valueNode, "must be a boolean (true/false, yes/no or on/off)");
                }

                break;
            default: // publishUser, publishPass, publishIPs, readUser, readPass, readIPs
                ctx.Warn(keyPath, keyNode, "deprecated; use 'authInternalUsers' instead");
                legacy[d.Name] = (keyNode, valueNode);
                break;
        }
    }

    /// <summary>Old string form <c>stun:host:port</c> or <c>turn:user:pass:host:port</c> → <c>{url, username, password}</c>.</summary>
    private static YamlNode IceServersFromStrings(YamlNode valueNode, string keyPath, ConfBindContext ctx)
    {
        var list = new YamlSequenceNode();
        ctx.InheritLine(list, valueNode);
        if (valueNode is not YamlSequenceNode seq)
        {
            if (!BinderIsNull(valueNode)) ctx.Error(keyPath, valueNode, "must be a list");
            return list;
        }

        foreach (YamlNode item in seq.Children)
        {
            if (item is not YamlScalarNode { Value: { } s })
            {
                ctx.Error(keyPath, item, "list items must be single values");
                continue;
            }

            string[] parts = s.Split(':');
            var entry = new YamlMappingNode();
            ctx.InheritLine(entry, item);
            YamlScalarNode Scalar(string v)
            {
                var n = new YamlScalarNode(v) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
                ctx.InheritLine(n, item);
                return n;
            }

            if (parts.Length == 5)
            {
                entry.Add("url", Scalar($"{parts[0]}:{parts[3]}:{parts[4]}"));
                entry.Add("username", Scalar(parts[1]));
                entry.Add("password", Scalar(parts[2]));
            }
            else
            {
                entry.Add("url", Scalar(s));
            }

            list.Add(entry);
        }

        return list;
    }

    /// <summary>
    /// publishUser/publishPass/publishIPs and readUser/readPass/readIPs of one path become internal users limited
    /// to that path (any path for pathDefaults). They are checked before the configured users.
    /// </summary>
    private static void AddLegacyUsers(Dictionary<string, (YamlNode Key, YamlNode Value)> legacy, string keyPrefix, string pathName, ConfBindContext ctx)
    {
        foreach (string action in (string[])["publish", "read"])
        {
            string? user = Text(legacy, action + "User", keyPrefix, ctx);
            string? pass = Text(legacy, action + "Pass", keyPrefix, ctx);
            ImmutableArray<string> ips = List(legacy, action + "IPs", keyPrefix, ctx);
            if (user is null && pass is null && ips.IsEmpty) continue;
            if (string.IsNullOrEmpty(user) != string.IsNullOrEmpty(pass))
            {
                string missing = string.IsNullOrEmpty(user) ? action + "User" : action + "Pass";
                string given = string.IsNullOrEmpty(user) ? action + "Pass" : action + "User";
                ctx.Error(keyPrefix + missing, legacy[given].Key, $"'{given}' and '{missing}' must be given together");
                continue;
            }

            ctx.LegacyUsers.Add(new AuthInternalUserConf
            {
                User = string.IsNullOrEmpty(user) ? "any" : user,
                Pass = pass ?? "",
                Ips = ips,
                Permissions = [new AuthPermissionConf(action, pathName)],
            });
        }
    }

    private static string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> legacy, string name, string keyPrefix, ConfBindContext ctx)
    {
        if (!legacy.TryGetValue(name, out var e) || BinderIsNull(e.Value)) return null;
        if (e.Value is YamlScalarNode { Value: { } s }) return s;
        ctx.Error(keyPrefix + name, e.Value, "must be a single value");
        return null;
    }

    private static ImmutableArray<string> List(Dictionary<string, (YamlNode Key, YamlNode Value)> legacy, string name, string keyPrefix, ConfBindContext ctx)
    {
        if (!legacy.TryGetValue(name, out var e) || BinderIsNull(e.Value)) return [];
        if (e.Value is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode))
        {
            return [.. seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "")];
        }

        ctx.Error(keyPrefix + name, e.Value, "must be a list of IPs or CIDRs");
        return [];
    }
}
