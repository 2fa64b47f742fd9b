using System.Reflection;

namespace MediaBroker.Codecs;

/// <summary>
/// Value equality for codec descriptors, comparing byte arrays by content (records compare them by
/// reference). Used when parameters are refreshed in-band and when a publisher re-publishes.
/// </summary>
public static class CodecEquality
{
    public static bool Equal(Codec? a, Codec? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.GetType() != b.GetType())
        {
            return false;
        }

        foreach (var p in a.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length != 0 || p.Name is nameof(Codec.Properties))
            {
                continue;
            }

            var va = p.GetValue(a);
            var vb = p.GetValue(b);
            if (va is byte[] ba && vb is byte[] bb)
            {
                if (!ba.AsSpan().SequenceEqual(bb))
                {
                    return false;
                }
            }
            else if (!Equals(va, vb))
            {
                return false;
            }
        }

        return true;
    }
}
