using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// Environment overrides, applied to the YAML tree before binding so that they go through the same parsing,
/// deprecation and validation as the file. Names are the key paths upper-cased and joined by <c>_</c> after the
/// prefix <c>RTSP_</c> (legacy, applied first) or <c>MTX_</c>: <c>MTX_RTSPADDRESS</c>, <c>MTX_RTSPTRANSPORTS=tcp,udp</c>
/// (lists are comma-separated), <c>MTX_PATHS_CAM_SOURCE</c> (creates path <c>cam</c> when the file lacks it),
/// <c>MTX_AUTHINTERNALUSERS_0_USER</c> (list items by index; the next index appends an item).
/// Variables that match no key are not ours (hooks also use MTX_ names) and are left alone.
/// </summary>
internal static class ConfEnv
{
    public static void Apply(YamlMappingNode root, IReadOnlyDictionary<string, string> env, ConfBindContext ctx)
    {
        foreach (string prefix in (string[])["RTSP_", "MTX_"])
        {
            foreach ((string name, string value) in env
                .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                string rest = name[prefix.Length..];
                if (rest.StartsWith("PATHDEFAULTS_", StringComparison.Ordinal))
                {
                    ApplyKey(GetOrCreateMap(root, "pathDefaults", ctx), ConfSchema.Path, ConfScope.Path, rest["PATHDEFAULTS_".Length..], value, ctx);
                }
                else if (rest.StartsWith("PATHS_", StringComparison.Ordinal))
                {
                    ApplyPath(root, rest["PATHS_".Length..], value, ctx);
                }
                else
                {
                    ApplyKey(root, ConfSchema.Global, ConfScope.Global, rest, value, ctx);
                }
            }
        }
    }

    private static void ApplyPath(YamlMappingNode root, string rest, string value, ConfBindContext ctx)
    {
        // Path names may hold '_', so try each split and take the first whose tail is a path key.
        for (int i = rest.IndexOf('_', StringComparison.Ordinal); i > 0; i = rest.IndexOf('_', i + 1))
        {
            string keyPart = rest[(i + 1)..];
            if (!Matches(ConfSchema.Path, ConfScope.Path, keyPart)) continue;
            string envName = rest[..i];
            YamlMappingNode paths = GetOrCreateMap(root, "paths", ctx);
            YamlNode? existing = paths.Children.Keys.FirstOrDefault(k =>
                k is YamlScalarNode { Value: { } n } && string.Equals(n.ToUpperInvariant(), envName, StringComparison.Ordinal));
            string pathName = existing is YamlScalarNode { Value: { } found } ? found : envName.ToLowerInvariant();
            ApplyKey(GetOrCreateMap(paths, pathName, ctx), ConfSchema.Path, ConfScope.Path, keyPart, value, ctx);
            return;
        }
    }

    private static bool Matches(ConfSchema schema, ConfScope scope, string rest) =>
        schema.Keys.Any(k => rest == Upper(k.Name)
            || (k.Kind == ConfValueKind.ObjectList && rest.StartsWith(Upper(k.Name) + "_", StringComparison.Ordinal)))
        || ConfDeprecations.NamesOf(scope).Any(d => rest == Upper(d.Name));

    private static bool ApplyKey(YamlMappingNode map, ConfSchema schema, ConfScope scope, string rest, string value, ConfBindContext ctx)
    {
        foreach (ConfKey key in schema.Keys)
        {
            string upper = Upper(key.Name);
            if (rest == upper)
            {
                Set(map, key.Name, MakeNode(key.Kind, value, ctx));
                return true;
            }

            if (key.Kind != ConfValueKind.ObjectList || !rest.StartsWith(upper + "_", StringComparison.Ordinal)) continue;
            string tail = rest[(upper.Length + 1)..];
            int sep = tail.IndexOf('_', StringComparison.Ordinal);
            if (sep <= 0 || !int.TryParse(tail[..sep], NumberStyles.None, CultureInfo.InvariantCulture, out int index)) continue;
            YamlSequenceNode seq = GetOrCreateSequence(map, key, ctx);
            while (seq.Children.Count <= index)
            {
                var item = new YamlMappingNode();
                ctx.MarkNoLine(item);
                seq.Add(item);
            }

            if (seq.Children[index] is not YamlMappingNode itemMap) return false;
            return ApplyKey(itemMap, ConfSchema.ForItem(key.ItemType!), ConfScope.Item, tail[(sep + 1)..], value, ctx);
        }

        foreach ((string name, ConfValueKind kind) in ConfDeprecations.NamesOf(scope))
        {
            if (rest != Upper(name)) continue;
            Set(map, name, MakeNode(kind, value, ctx));
            return true;
        }

        return false;
    }

    private static string Upper(string keyName) => keyName.ToUpperInvariant();

    private static YamlNode MakeNode(ConfValueKind kind, string value, ConfBindContext ctx)
    {
        YamlNode node;
        if (kind is ConfValueKind.StringList or ConfValueKind.IntList)
        {
            var seq = new YamlSequenceNode();
            foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var item = new YamlScalarNode(part) { Style = ScalarStyle.DoubleQuoted };
                ctx.MarkNoLine(item);
                seq.Add(item);
            }

            node = seq;
        }
        else
        {
            // Quoted so an empty value means "" rather than YAML null.
            node = new YamlScalarNode(value) { Style = ScalarStyle.DoubleQuoted };
        }

        ctx.MarkNoLine(node);
        return node;
    }

    /// <summary>Replaces the value of <paramref name="name"/> (matched ignoring case), or adds it.</summary>
    private static void Set(YamlMappingNode map, string name, YamlNode value)
    {
        YamlNode? existing = FindKey(map, name);
        if (existing is not null) map.Children[existing] = value;
        else map.Children.Add(new YamlScalarNode(name), value);
    }

    private static YamlNode? FindKey(YamlMappingNode map, string name) =>
        map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } n } && string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    private static YamlMappingNode GetOrCreateMap(YamlMappingNode parent, string name, ConfBindContext ctx)
    {
        YamlNode? key = FindKey(parent, name);
        if (key is not null && parent.Children[key] is YamlMappingNode m) return m;
        var made = new YamlMappingNode();
        if (key is not null) ctx.InheritLine(made, key);
        else ctx.MarkNoLine(made);
        Set(parent, name, made);
        return made;
    }

    /// <summary>
    /// The list to address by index. When the file does not set it, it starts from the key's default (as in
    /// MediaMTX, where env is applied over defaults): <c>MTX_AUTHINTERNALUSERS_0_PASS</c> edits the first default user.
    /// </summary>
    private static YamlSequenceNode GetOrCreateSequence(YamlMappingNode parent, ConfKey confKey, ConfBindContext ctx)
    {
        YamlNode? key = FindKey(parent, confKey.Name);
        if (key is not null && parent.Children[key] is YamlSequenceNode s) return s;
        var made = key is null && ConfJson.ValueToJson(confKey.Default, confKey.Kind) is { } dflt
            ? (YamlSequenceNode)ConfJson.ToYaml(dflt, ctx)
            : new YamlSequenceNode();
        ctx.MarkNoLine(made);
        Set(parent, confKey.Name, made);
        return made;
    }
}
