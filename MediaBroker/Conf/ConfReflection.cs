using System.Collections;
using System.Collections.Immutable;
using System.Reflection;

namespace MediaBroker.Conf;

/// <summary>Reflection helpers over the conf records (load time only, never a hot path).</summary>
internal static class ConfReflection
{
    /// <summary>Public settable instance properties that are configuration keys, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> KeyProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ConfIgnoreAttribute>() is null)
            .OrderBy(p => p.MetadataToken);

    /// <summary>Key properties plus the ignored-but-compared ones (a path's name, pathDefaults and paths).</summary>
    public static IEnumerable<PropertyInfo> KeyPropertiesAndName(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .OrderBy(p => p.MetadataToken);

    /// <summary>A record with every default; records without a parameterless constructor get "" / 0 arguments.</summary>
    public static object CreateDefault(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is { } ctor) return ctor.Invoke(null);
        ConstructorInfo c = type.GetConstructors().OrderByDescending(x => x.GetParameters().Length).First();
        object?[] args = [.. c.GetParameters().Select(p =>
            p.HasDefaultValue ? p.DefaultValue : p.ParameterType == typeof(string) ? "" : Activator.CreateInstance(p.ParameterType))];
        return c.Invoke(args);
    }

    /// <summary>A shallow copy of a record (through its compiler-generated clone method) so init-only properties can be set.</summary>
    public static object Clone(object record)
    {
        MethodInfo clone = record.GetType().GetMethod("<Clone>$")
            ?? throw new InvalidOperationException($"{record.GetType()} is not a record");
        return clone.Invoke(record, null)!;
    }

    public static object MakeImmutableArray(Type itemType, IList items)
    {
        MethodInfo create = typeof(ImmutableArray).GetMethods()
            .Single(m => m.Name == nameof(ImmutableArray.CreateRange) && m.GetParameters().Length == 1)
            .MakeGenericMethod(itemType);
        Array typed = Array.CreateInstance(itemType, items.Count);
        items.CopyTo(typed, 0);
        return create.Invoke(null, [typed])!;
    }

    /// <summary>The items of a boxed <see cref="ImmutableArray{T}"/> (a default array counts as empty).</summary>
    public static IReadOnlyList<object?> Items(object? boxedArray)
    {
        if (boxedArray is null) return [];
        Type t = boxedArray.GetType();
        if ((bool)t.GetProperty(nameof(ImmutableArray<int>.IsDefault))!.GetValue(boxedArray)!) return [];
        return [.. ((IEnumerable)boxedArray).Cast<object?>()];
    }
}
