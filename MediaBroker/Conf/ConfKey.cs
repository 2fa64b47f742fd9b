using System.Collections.Immutable;
using System.Reflection;

namespace MediaBroker.Conf;

/// <summary>How a key's value is written in YAML, env and JSON.</summary>
public enum ConfValueKind
{
    String,
    Bool,
    Int,

    /// <summary>A Go-style duration string with a day suffix (<c>10s</c>, <c>1h30m</c>, <c>1d</c>); held as <see cref="TimeSpan"/>.</summary>
    Duration,

    /// <summary>A byte size such as <c>50M</c> (1024-based, like MediaMTX); held as <see cref="long"/>.</summary>
    Size,
    StringList,
    IntList,

    /// <summary>A list of nested records (<see cref="ConfKey.ItemType"/>); in env, items are addressed by index.</summary>
    ObjectList,
}

/// <summary>Where a key may appear.</summary>
public enum ConfScope
{
    Global,
    Path,

    /// <summary>A field of a list item (authInternalUsers, forward, ...).</summary>
    Item,
}

/// <summary>One configuration key: its YAML/JSON name, the record property that holds it, its type and default.</summary>
public sealed record ConfKey(
    string Name,
    PropertyInfo Property,
    ConfValueKind Kind,
    Type? ItemType,
    object? Default,
    ConfScope Scope,
    bool HotUpdatable,
    ImmutableArray<string> AllowedValues)
{
    /// <summary>Old names that still load (with a warning) and map to this key.</summary>
    public ImmutableArray<string> DeprecatedAliases { get; init; } = [];

    public object? GetValue(object target) => Property.GetValue(target);
}
