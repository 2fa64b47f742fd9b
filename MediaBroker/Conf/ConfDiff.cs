namespace MediaBroker.Conf;

/// <summary>
/// Compares two configurations key by key (by value, lists included) so a reload restarts only what changed.
/// Which keys each server depends on is the caller's knowledge; this reports names.
/// </summary>
public static class ConfDiff
{
    /// <summary>YAML names of the global keys whose values differ (<c>pathDefaults</c> and <c>paths</c> excluded).</summary>
    public static IReadOnlySet<string> ChangedGlobalKeys(BrokerConf old, BrokerConf next)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (ConfKey key in ConfSchema.Global.Keys)
        {
            if (!ConfEquality.ValueEquals(key.GetValue(old), key.GetValue(next))) changed.Add(key.Name);
        }

        return changed;
    }

    /// <summary>YAML names of the path keys whose values differ (the name is not a key).</summary>
    public static IReadOnlySet<string> ChangedPathKeys(PathConf old, PathConf next)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (ConfKey key in ConfSchema.Path.Keys)
        {
            if (!ConfEquality.ValueEquals(key.GetValue(old), key.GetValue(next))) changed.Add(key.Name);
        }

        return changed;
    }

    /// <summary>
    /// <see cref="PathConfChange.HotUpdate"/> when only record*, forward and runOnRecordSegment* keys changed (what
    /// MediaMTX reloads into a running path) or our readerBatchDuration (read when a reader joins), <see cref="PathConfChange.Restart"/> for anything else.
    /// </summary>
    public static PathConfChange ComparePath(PathConf old, PathConf next)
    {
        IReadOnlySet<string> changed = ChangedPathKeys(old, next);
        if (changed.Count == 0) return PathConfChange.Unchanged;
        foreach (string name in changed)
        {
            if (!ConfSchema.Path.Find(name)!.HotUpdatable) return PathConfChange.Restart;
        }

        return PathConfChange.HotUpdate;
    }
}
