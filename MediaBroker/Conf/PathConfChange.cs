namespace MediaBroker.Conf;

/// <summary>What a reload means for one running path.</summary>
public enum PathConfChange
{
    Unchanged,

    /// <summary>Only keys marked <see cref="ConfHotAttribute"/> changed (record*, forward, runOnRecordSegment*, readerBatchDuration): update the path in place.</summary>
    HotUpdate,

    /// <summary>Anything else changed: close the path (its publisher and readers) and create it again.</summary>
    Restart,
}
