using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// Binds a YAML mapping onto a copy of a record, key by key, through the record's <see cref="ConfSchema"/>.
/// Unknown keys and bad values become errors naming the key and line; binding goes on so every error is reported.
/// </summary>
internal static class ConfBinder
{
    public static T Bind<T>(YamlMappingNode map, T baseRecord, ConfSchema schema, string keyPrefix, ConfBindContext ctx, IReadOnlySet<string>? skip = null)
        where T : class => (T)Bind(map, (object)baseRecord, schema, keyPrefix, ctx, skip);

    public static object Bind(YamlMappingNode map, object baseRecord, ConfSchema schema, string keyPrefix, ConfBindContext ctx, IReadOnlySet<string>? skip = null)
    {
        object target = ConfReflection.Clone(baseRecord);
        foreach ((YamlNode keyNode, YamlNode valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                ctx.Error(keyPrefix.TrimEnd('.'), keyNode, "keys must be plain names");
                continue;
            }

            if (skip is not null && skip.Contains(name)) continue;
            ConfKey? key = schema.Find(name);
            if (key is null)
            {
                ctx.Error(keyPrefix + name, keyNode, "unknown key");
                continue;
            }

            string keyPath = keyPrefix + key.Name;
            ctx.RecordLine(keyPath, IsNull(valueNode) ? keyNode : valueNode);
            if (TryConvert(valueNode, key, keyPath, ctx, out object? value))
            {
                key.Property.SetValue(target, value);
            }
        }

        return target;
    }

    /// <summary>A YAML null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static bool TryConvert(YamlNode node, ConfKey key, string keyPath, ConfBindContext ctx, out object? value)
    {
        value = null;
        if (IsNull(node))
        {
            // Like MediaMTX, a null list becomes empty and a null scalar keeps its current value.
            switch (key.Kind)
            {
                case ConfValueKind.StringList:
                    value = ImmutableArray<string>.Empty;
                    return true;
                case ConfValueKind.IntList:
                    value = ImmutableArray<int>.Empty;
                    return true;
                case ConfValueKind.ObjectList:
                    value = ConfReflection.MakeImmutableArray(key.ItemType!, Array.Empty<object>());
                    return true;
                default:
                    return false;
            }
        }

        switch (key.Kind)
        {
            case ConfValueKind.StringList:
            case ConfValueKind.IntList:
            case ConfValueKind.ObjectList:
                return TryConvertList(node, key, keyPath, ctx, out value);
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            ctx.Error(keyPath, node, "must be a single value, not a list or map");
            return false;
        }

        return TryConvertScalar(text, node, key, keyPath, ctx, out value);
    }

    private static bool TryConvertScalar(string text, YamlNode node, ConfKey key, string keyPath, ConfBindContext ctx, out object? value)
    {
        value = null;
        switch (key.Kind)
        {
            case ConfValueKind.String:
                if (!CheckAllowed(text, key, keyPath, node, ctx)) return false;
                value = text;
                return true;
            case ConfValueKind.Bool when ConfValues.TryParseBool(text, out bool b):
                value = b;
                return true;
            case ConfValueKind.Bool:
                ctx.Error(keyPath, node, $"'{text}' is not a boolean (use true/false, yes/no or on/off)");
                return false;
            case ConfValueKind.Int when int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i):
                value = i;
                return true;
            case ConfValueKind.Int:
                ctx.Error(keyPath, node, $"'{text}' is not an integer");
                return false;
            case ConfValueKind.Duration when ConfValues.TryParseDuration(text, out TimeSpan d):
                value = d;
                return true;
            case ConfValueKind.Duration:
                ctx.Error(keyPath, node, $"'{text}' is not a duration (examples: 10s, 200ms, 1h30m, 1d)");
                return false;
            case ConfValueKind.Size when ConfValues.TryParseSize(text, out long size):
                value = size;
                return true;
            case ConfValueKind.Size:
                ctx.Error(keyPath, node, $"'{text}' is not a size (examples: 50M, 512K, 1G)");
                return false;
            default:
                throw new InvalidOperationException($"unexpected kind {key.Kind}");
        }
    }

    private static bool TryConvertList(YamlNode node, ConfKey key, string keyPath, ConfBindContext ctx, out object? value)
    {
        value = null;
        if (node is not YamlSequenceNode seq)
        {
            ctx.Error(keyPath, node, "must be a list");
            return false;
        }

        bool ok = true;
        var items = new ArrayList();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            YamlNode item = seq.Children[i];
            string itemPath = $"{keyPath}[{i}]";
            if (key.Kind == ConfValueKind.ObjectList)
            {
                if (item is not YamlMappingNode itemMap)
                {
                    ctx.Error(itemPath, item, "must be a map of keys");
                    ok = false;
                    continue;
                }

                ctx.RecordLine(itemPath, item);
                int before = ctx.Errors.Count;
                object bound = Bind(itemMap, ConfReflection.CreateDefault(key.ItemType!), ConfSchema.ForItem(key.ItemType!), itemPath + ".", ctx);
                ok &= ctx.Errors.Count == before;
                items.Add(bound);
                continue;
            }

            if (item is not YamlScalarNode { Value: { } text } || IsNull(item))
            {
                ctx.Error(itemPath, item, "list items must be single values");
                ok = false;
                continue;
            }

            if (key.Kind == ConfValueKind.IntList)
            {
                if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
                {
                    items.Add(n);
                }
                else
                {
                    ctx.Error(itemPath, item, $"'{text}' is not an integer");
                    ok = false;
                }

                continue;
            }

            ok &= CheckAllowed(text, key, itemPath, item, ctx);
            items.Add(text);
        }

        if (!ok) return false;
        Type itemType = key.Kind switch
        {
            ConfValueKind.StringList => typeof(string),
            ConfValueKind.IntList => typeof(int),
            _ => key.ItemType!,
        };
        value = ConfReflection.MakeImmutableArray(itemType, items);
        return true;
    }

    private static bool CheckAllowed(string text, ConfKey key, string keyPath, YamlNode node, ConfBindContext ctx)
    {
        if (key.AllowedValues.IsEmpty || key.AllowedValues.Contains(text)) return true;
        string allowed = string.Join(", ", key.AllowedValues.Select(v => v.Length == 0 ? "\"\"" : v));
        ctx.Error(keyPath, node, $"'{text}' is not one of: {allowed}");
        return false;
    }
}
