namespace MediaBroker.Record;

/// <summary>Why a path's recordings could not be looked up; <see cref="Ok"/> when they could.</summary>
public enum RecordLookup
{
    Ok,

    /// <summary>The name is not a valid path name (empty, "..", absolute, backslash, NUL...).</summary>
    InvalidPath,

    /// <summary>No path configuration matches the name.</summary>
    NoConf,

    /// <summary>The path has no segment (or no segment starting at the time asked for).</summary>
    NotFound,
}
