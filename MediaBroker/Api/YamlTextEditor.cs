using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Api;

/// <summary>
/// Edits YAML text in place: sets or removes one key of a nested mapping and leaves every other byte alone,
/// so the user's comments, blank lines and key order survive. Positions come from YamlDotNet's parser marks;
/// the text is parsed again after each edit. New values are written in flow style on the key's line.
/// </summary>
internal static partial class YamlTextEditor
{
    /// <summary>Sets <paramref name="key"/> under the mapping at <paramref name="parents"/> (created when missing).</summary>
    public static string SetKey(string text, IReadOnlyList<string> parents, string key, JsonNode? value, IReadOnlyList<string>? aliases = null)
    {
        foreach (var alias in aliases ?? [])
        {
            text = RemoveKey(text, parents, alias);
        }

        var root = Parse(text);
        if (root is null)
        {
            // Empty document (or only comments): append at the top level.
            return AppendLine(text, Block(Nest(parents, key, value), 0));
        }

        var map = root;
        for (var i = 0; i < parents.Count; i++)
        {
            var entry = Find(map, parents[i]);
            if (entry is null)
            {
                return Insert(text, map, parents[i], Nest(parents.Skip(i + 1).ToList(), key, value));
            }

            if (entry.Value.Value is not YamlMappingNode child)
            {
                return ReplaceValue(text, entry.Value.Key, entry.Value.Value, Nest(parents.Skip(i + 1).ToList(), key, value));
            }

            map = child;
        }

        var existing = Find(map, key);
        return existing is { } e ? ReplaceValue(text, e.Key, e.Value, value) : Insert(text, map, key, value);
    }

    /// <summary>Removes <paramref name="key"/> (its lines, from the key to the end of its value) when present.</summary>
    public static string RemoveKey(string text, IReadOnlyList<string> parents, string key)
    {
        var map = Parse(text);
        foreach (var p in parents)
        {
            if (map is null || Find(map, p)?.Value is not YamlMappingNode child)
            {
                return text;
            }

            map = child;
        }

        if (map is null || Find(map, key) is not { } entry)
        {
            return text;
        }

        if (map.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
        {
            var rest = new JsonObject();
            foreach (var (k, v) in map.Children)
            {
                if (!ReferenceEquals(k, entry.Key))
                {
                    rest[((YamlScalarNode)k).Value!] = JsonNode.Parse(JsonSerializer.Serialize(ToPlain(v)));
                }
            }

            return Splice(text, Start(map), End(text, map), Flow(rest));
        }

        var from = LineStart(text, Start(entry.Key));
        var to = LineEnd(text, End(text, entry.Value));
        return Splice(text, from, Math.Min(to + 1, text.Length), "");
    }

    /// <summary>Keys of the mapping at <paramref name="parents"/>, or empty.</summary>
    public static IReadOnlyList<string> Keys(string text, IReadOnlyList<string> parents)
    {
        var map = Parse(text);
        foreach (var p in parents)
        {
            map = map is null ? null : Find(map, p)?.Value as YamlMappingNode;
        }

        return map is null ? [] : [.. map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "")];
    }

    private static YamlMappingNode? Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
    }

    private static (YamlNode Key, YamlNode Value)? Find(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } n } && string.Equals(n, key, StringComparison.OrdinalIgnoreCase))
            {
                return (k, v);
            }
        }

        return null;
    }

    /// <summary>Replaces a value after its key's colon; an empty (null) value gets the new one inserted after the colon.</summary>
    private static string ReplaceValue(string text, YamlNode key, YamlNode value, JsonNode? next)
    {
        var colon = text.IndexOf(':', End(text, key));
        var rendered = next is null ? "" : " " + Flow(next);
        if (value is YamlScalarNode { Value: "" or null, Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any })
        {
            return Splice(text, colon + 1, colon + 1, rendered);
        }

        return Splice(text, colon + 1, End(text, value), rendered);
    }

    private static string Insert(string text, YamlMappingNode map, string key, JsonNode? value)
    {
        if (map.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
        {
            var close = text.LastIndexOf('}', End(text, map) - 1);
            var entry = $"{Scalar(key)}: {Flow(value)}";
            return Splice(text, close, close, map.Children.Count == 0 ? entry : ", " + entry);
        }

        var last = map.Children.Last();
        var indent = (int)map.Children.First().Key.Start.Column - 1;
        var at = LineEnd(text, End(text, last.Value));
        var block = Block(new JsonObject { [key] = value?.DeepClone() }, indent);
        return at >= text.Length ? AppendLine(text, block) : Splice(text, at + 1, at + 1, block);
    }

    private static JsonNode? Nest(IReadOnlyList<string> parents, string key, JsonNode? value)
    {
        JsonNode? node = new JsonObject { [key] = value?.DeepClone() };
        for (var i = parents.Count - 1; i >= 0; i--)
        {
            node = new JsonObject { [parents[i]] = node };
        }

        return node;
    }

    /// <summary>Block form of a mapping: one key per line; nested mappings indented by two spaces, other values in flow style.</summary>
    private static string Block(JsonNode? node, int indent)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in (JsonObject)node!)
        {
            sb.Append(' ', indent).Append(Scalar(k)).Append(':');
            if (v is JsonObject o && o.Count > 0)
            {
                sb.Append('\n').Append(Block(o, indent + 2));
            }
            else
            {
                if (v is not null)
                {
                    sb.Append(' ').Append(Flow(v));
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    internal static string Flow(JsonNode? node) => node switch
    {
        null => "",
        JsonObject o => "{" + string.Join(", ", o.Select(kv => $"{Scalar(kv.Key)}: {FlowOrNull(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(FlowOrNull)) + "]",
        JsonValue v when v.TryGetValue(out string? s) => Scalar(s),
        JsonValue v when v.TryGetValue(out bool b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string FlowOrNull(JsonNode? node) => node is null ? "null" : Flow(node);

    /// <summary>A plain scalar when it cannot be mistaken for another type or syntax; else a double-quoted one (JSON escapes are valid YAML).</summary>
    private static string Scalar(string s) =>
        (SafePlain().IsMatch(s) && !IsYamlWord(s)) || DurationOrSize().IsMatch(s) ? s : JsonSerializer.Serialize(s);

    private static bool IsYamlWord(string s) => s.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null" or "~";

    [GeneratedRegex(@"^[A-Za-z_/.][A-Za-z0-9_/.@+=-]*(:[A-Za-z0-9_/.@+=%~-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h|d))+$|^[0-9]+(\.[0-9]+)?[KMGT]i?B?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationOrSize();

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value,
        YamlSequenceNode q => q.Children.Select(ToPlain).ToList(),
        YamlMappingNode m => m.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ToPlain(kv.Value)),
        _ => null,
    };

    private static int Start(YamlNode node) => checked((int)node.Start.Index);

    /// <summary>
    /// The end of a node, trailing whitespace trimmed. YamlDotNet's marks on a collection cover only its start
    /// token, so a collection ends where its last child ends (plus the closing bracket in flow style).
    /// </summary>
    private static int End(string text, YamlNode node)
    {
        var end = RawEnd(text, node);
        while (end > Start(node) && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private static int RawEnd(string text, YamlNode node)
    {
        YamlNode? last;
        bool flow;
        switch (node)
        {
            case YamlSequenceNode q:
                last = q.Children.Count > 0 ? q.Children[^1] : null;
                flow = q.Style == YamlDotNet.Core.Events.SequenceStyle.Flow;
                break;
            case YamlMappingNode m:
                last = m.Children.Count > 0 ? m.Children.Last().Value : null;
                flow = m.Style == YamlDotNet.Core.Events.MappingStyle.Flow;
                break;
            default:
                return Math.Min(checked((int)node.End.Index), text.Length);
        }

        var after = last is null ? Start(node) + 1 : RawEnd(text, last);
        if (!flow)
        {
            return after;
        }

        var close = text.IndexOfAny(['}', ']'], Math.Min(after, text.Length));
        return close < 0 ? text.Length : close + 1;
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static int LineEnd(string text, int index)
    {
        var nl = text.IndexOf('\n', index);
        return nl < 0 ? text.Length : nl;
    }

    private static string Splice(string text, int from, int to, string insert) =>
        string.Concat(text.AsSpan(0, from), insert, text.AsSpan(to));

    private static string AppendLine(string text, string block) =>
        text.Length == 0 || text.EndsWith('\n') ? text + block : text + "\n" + block;
}
