using System.Collections.Frozen;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// The configuration as MediaMTX's API shows it: JSON objects whose field names are the YAML key names, durations
/// and sizes as strings (<c>"10s"</c>, <c>"50M"</c>). Patches go through the same binder and validator as the
/// file, so an unknown field or a bad value is a <see cref="ConfError"/> naming the field.
/// </summary>
public static class ConfJson
{
    private const string Redacted = "";

    private static readonly FrozenSet<string> s_noSkip = FrozenSet<string>.Empty;

    /// <summary>Every global key (no pathDefaults, no paths). With <paramref name="redactPasswords"/>, internal users' passwords are blanked.</summary>
    public static JsonObject ToJson(BrokerConf conf, bool redactPasswords = false)
    {
        ArgumentNullException.ThrowIfNull(conf);
        JsonObject o = RecordToJson(conf, ConfSchema.Global);
        if (redactPasswords && o["authInternalUsers"] is JsonArray users)
        {
            foreach (JsonNode? u in users)
            {
                if (u is JsonObject uo) uo["pass"] = Redacted;
            }
        }

        return o;
    }

    /// <summary>A path conf: <c>name</c> plus every path key.</summary>
    public static JsonObject ToJson(PathConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var o = new JsonObject { ["name"] = conf.Name };
        foreach ((string k, JsonNode? v) in RecordToJson(conf, ConfSchema.Path).ToList())
        {
            o[k] = v?.DeepClone();
        }

        return o;
    }

    /// <summary>Applies a patch of global keys. On any error the input is returned unchanged and <paramref name="errors"/> lists every problem.</summary>
    public static BrokerConf PatchGlobal(BrokerConf conf, JsonObject patch, out List<ConfError> errors)
    {
        var ctx = new ConfBindContext();
        YamlMappingNode map = ToYamlMap(patch, ctx);
        ConfDeprecations.Apply(map, ConfScope.Global, "", "", ConfSchema.Global, ctx);
        BrokerConf next = ConfBinder.Bind(map, conf, ConfSchema.Global, "", ctx, s_noSkip);
        if (ctx.Errors.Count == 0) ConfValidator.Validate(next, ctx);
        errors = ctx.Errors;
        return errors.Count == 0 ? next : conf;
    }

    /// <summary>
    /// Applies a patch of path keys (to add a path, patch <c>conf.PathDefaults with { Name = name }</c>). Rules that
    /// depend on global keys (playback needs %f in recordPath) use <paramref name="global"/> when given.
    /// </summary>
    public static PathConf PatchPath(PathConf conf, JsonObject patch, out List<ConfError> errors, BrokerConf? global = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var ctx = new ConfBindContext();
        YamlMappingNode map = ToYamlMap(patch, ctx);
        string prefix = $"paths.{conf.Name}.";
        ConfDeprecations.Apply(map, ConfScope.Path, prefix, conf.Name, ConfSchema.Path, ctx);
        PathConf next = ConfBinder.Bind(map, conf, ConfSchema.Path, prefix, ctx);
        if (ctx.Errors.Count == 0) ConfValidator.ValidatePath(next, global ?? new BrokerConf(), ctx);
        errors = ctx.Errors;
        return errors.Count == 0 ? next : conf;
    }

    internal static JsonNode? ValueToJson(object? value, ConfValueKind kind) => value switch
    {
        null => null,
        TimeSpan d => JsonValue.Create(ConfValues.FormatDuration(d)),
        long size when kind == ConfValueKind.Size => JsonValue.Create(ConfValues.FormatSize(size)),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        _ when kind is ConfValueKind.StringList or ConfValueKind.IntList =>
            new JsonArray([.. ConfReflection.Items(value).Select(x => ValueToJson(x, x is int ? ConfValueKind.Int : ConfValueKind.String))]),
        _ when kind == ConfValueKind.ObjectList =>
            new JsonArray([.. ConfReflection.Items(value).Select(x => (JsonNode)RecordToJson(x!, ConfSchema.ForItem(x!.GetType())))]),
        _ => throw new InvalidOperationException($"no JSON form for {value.GetType()}"),
    };

    internal static JsonObject RecordToJson(object record, ConfSchema schema)
    {
        var o = new JsonObject();
        foreach (ConfKey k in schema.Keys) o[k.Name] = ValueToJson(k.GetValue(record), k.Kind);
        return o;
    }

    internal static YamlMappingNode ToYamlMap(JsonObject o, ConfBindContext ctx) => (YamlMappingNode)ToYaml(o, ctx);

    /// <summary>JSON → YAML tree, so patches reuse the YAML binder. The made nodes carry no line.</summary>
    internal static YamlNode ToYaml(JsonNode? node, ConfBindContext ctx)
    {
        YamlNode made;
        switch (node)
        {
            case JsonObject o:
                var map = new YamlMappingNode();
                foreach ((string k, JsonNode? v) in o)
                {
                    var key = new YamlScalarNode(k);
                    ctx.MarkNoLine(key);
                    map.Add(key, ToYaml(v, ctx));
                }

                made = map;
                break;
            case JsonArray a:
                var seq = new YamlSequenceNode();
                foreach (JsonNode? item in a) seq.Add(ToYaml(item, ctx));
                made = seq;
                break;
            case JsonValue v when v.TryGetValue(out string? s):
                made = new YamlScalarNode(s) { Style = ScalarStyle.DoubleQuoted };
                break;
            case null:
                made = new YamlScalarNode("null");
                break;
            default:
                made = new YamlScalarNode(node.ToJsonString());
                break;
        }

        ctx.MarkNoLine(made);
        return made;
    }
}
