namespace MediaBroker.Conf;

/// <summary>Path hooks: commands run on path events (MediaMTX's runOn* keys).</summary>
public sealed partial record PathConf
{
    public string RunOnInit { get; init; } = "";
    public bool RunOnInitRestart { get; init; }
    public string RunOnDemand { get; init; } = "";
    public bool RunOnDemandRestart { get; init; }
    public TimeSpan RunOnDemandStartTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RunOnDemandCloseAfter { get; init; } = TimeSpan.FromSeconds(10);
    public string RunOnUnDemand { get; init; } = "";
    public string RunOnAvailable { get; init; } = "";
    public bool RunOnAvailableRestart { get; init; }
    public string RunOnUnavailable { get; init; } = "";
    public string RunOnOnline { get; init; } = "";
    public bool RunOnOnlineRestart { get; init; }
    public string RunOnOffline { get; init; } = "";
    public string RunOnRead { get; init; } = "";
    public bool RunOnReadRestart { get; init; }
    public string RunOnUnread { get; init; } = "";
    [ConfHot]
    public string RunOnRecordSegmentCreate { get; init; } = "";
    [ConfHot]
    public string RunOnRecordSegmentComplete { get; init; } = "";
}
