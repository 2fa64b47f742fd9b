using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>
/// Value equality for the conf records. The compiler's record equality compares <see cref="ImmutableArray{T}"/>
/// by reference, so two loads of the same file would look different to the reload diff; this compares every
/// key property, lists element by element.
/// </summary>
public static class ConfEquality
{
    public static bool RecordEquals<T>(T self, T? other)
        where T : class
    {
        if (other is null) return false;
        if (ReferenceEquals(self, other)) return true;
        foreach (var p in ConfReflection.KeyPropertiesAndName(typeof(T)))
        {
            if (!ValueEquals(p.GetValue(self), p.GetValue(other))) return false;
        }

        return true;
    }

    public static int RecordHash<T>(T self)
        where T : class
    {
        var hash = new HashCode();
        foreach (var p in ConfReflection.KeyPropertiesAndName(typeof(T)))
        {
            hash.Add(ValueHash(p.GetValue(self)));
        }

        return hash.ToHashCode();
    }

    /// <summary>Compares two key values (scalars, records, or boxed immutable arrays).</summary>
    public static bool ValueEquals(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        Type t = a.GetType();
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            IReadOnlyList<object?> x = ConfReflection.Items(a), y = ConfReflection.Items(b);
            if (x.Count != y.Count) return false;
            for (int i = 0; i < x.Count; i++)
            {
                if (!ValueEquals(x[i], y[i])) return false;
            }

            return true;
        }

        return a.Equals(b);
    }

    private static int ValueHash(object? v)
    {
        if (v is null) return 0;
        Type t = v.GetType();
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var hash = new HashCode();
            foreach (object? item in ConfReflection.Items(v)) hash.Add(ValueHash(item));
            return hash.ToHashCode();
        }

        return v.GetHashCode();
    }
}
