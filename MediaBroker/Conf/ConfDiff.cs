namespace MediaBroker.Conf;

public enum PathConfChange
{
    Unchanged,

    /// <summary>Only keys that can be applied to a running path changed (record*, forward...).</summary>
    HotUpdate,

    /// <summary>The path must be closed and recreated: its publisher and readers are disconnected.</summary>
    Restart,
}

/// <summary>What changed between two configurations.</summary>
public static class ConfDiff
{
    public static PathConfChange ComparePath(PathConf old, PathConf next) =>
        old == next ? PathConfChange.Unchanged : PathConfChange.Restart;
}
