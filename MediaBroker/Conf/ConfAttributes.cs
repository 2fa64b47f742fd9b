namespace MediaBroker.Conf;

/// <summary>Restricts a string key (or each item of a string-list key) to a fixed set of words.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfOneOfAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>Marks a key whose change is applied in place, without restarting the path or server that uses it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfHotAttribute : Attribute;

/// <summary>A record property that is not a configuration key (for example <see cref="PathConf.Name"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfIgnoreAttribute : Attribute;
