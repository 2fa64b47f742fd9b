using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;

namespace MediaBroker.Conf;

/// <summary>
/// The key schema of one record type, read from its properties by reflection once: the YAML name of a key is the
/// property name with its first letter lower-cased (<c>RtspAddress</c> ↔ <c>rtspAddress</c>). It drives parsing,
/// env overrides, diffing, equality, JSON output and patching.
/// </summary>
public sealed class ConfSchema
{
    private readonly FrozenDictionary<string, ConfKey> _byName;
    private readonly FrozenDictionary<string, ConfKey> _byNameIgnoreCase;

    private ConfSchema(Type type, ConfScope scope)
    {
        RecordType = type;
        var keys = ImmutableArray.CreateBuilder<ConfKey>();
        object defaults = ConfReflection.CreateDefault(type);
        foreach (PropertyInfo p in ConfReflection.KeyProperties(type))
        {
            (ConfValueKind kind, Type? itemType) = KindOf(p.PropertyType);
            keys.Add(new ConfKey(
                char.ToLowerInvariant(p.Name[0]) + p.Name[1..],
                p,
                kind,
                itemType,
                p.GetValue(defaults),
                scope,
                p.GetCustomAttribute<ConfHotAttribute>() is not null,
                [.. p.GetCustomAttribute<ConfOneOfAttribute>()?.Values ?? []])
            {
                DeprecatedAliases = [.. ConfDeprecations.AliasesOf(scope, char.ToLowerInvariant(p.Name[0]) + p.Name[1..])],
            });
        }

        Keys = keys.ToImmutable();
        _byName = Keys.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
        _byNameIgnoreCase = Keys.ToFrozenDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Global keys (everything in <see cref="BrokerConf"/> except pathDefaults and paths).</summary>
    public static ConfSchema Global { get; } = new(typeof(BrokerConf), ConfScope.Global);

    /// <summary>Path keys (everything in <see cref="PathConf"/> except its name).</summary>
    public static ConfSchema Path { get; } = new(typeof(PathConf), ConfScope.Path);

    private static readonly FrozenDictionary<Type, ConfSchema> s_items = new[]
    {
        typeof(AuthInternalUserConf), typeof(AuthPermissionConf), typeof(WebrtcIceServerConf),
        typeof(ForwardConf), typeof(AlwaysAvailableTrackConf), typeof(AutoPushConf), typeof(TriggerConf),
    }.ToFrozenDictionary(t => t, t => new ConfSchema(t, ConfScope.Item));

    public Type RecordType { get; }

    /// <summary>Keys in declaration order.</summary>
    public ImmutableArray<ConfKey> Keys { get; }

    /// <summary>The schema of a list-item record type (<see cref="ForwardConf"/>, ...).</summary>
    public static ConfSchema ForItem(Type itemType) => s_items[itemType];

    /// <summary>Finds a key by its exact name, or else by a case-insensitive match (Go's JSON decoder matches that way).</summary>
    public ConfKey? Find(string name) =>
        _byName.TryGetValue(name, out ConfKey? k) || _byNameIgnoreCase.TryGetValue(name, out k) ? k : null;

    private static (ConfValueKind, Type?) KindOf(Type t)
    {
        if (t == typeof(string)) return (ConfValueKind.String, null);
        if (t == typeof(bool)) return (ConfValueKind.Bool, null);
        if (t == typeof(int)) return (ConfValueKind.Int, null);
        if (t == typeof(long)) return (ConfValueKind.Size, null);
        if (t == typeof(TimeSpan)) return (ConfValueKind.Duration, null);
        if (t == typeof(ImmutableArray<string>)) return (ConfValueKind.StringList, null);
        if (t == typeof(ImmutableArray<int>)) return (ConfValueKind.IntList, null);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            return (ConfValueKind.ObjectList, t.GetGenericArguments()[0]);
        }

        throw new NotSupportedException($"configuration property type {t} has no value kind");
    }
}
