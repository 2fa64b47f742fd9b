namespace MediaBroker.Conf;

/// <summary>One entry of <c>paths</c> (or <c>pathDefaults</c>), defaults already merged in.
/// (Skeleton: the Conf work adds every MediaMTX path key.)</summary>
public sealed record PathConf
{
    /// <summary>The key under <c>paths</c> ("cam1", "~^cam(\d+)$", "all_others").</summary>
    public string Name { get; init; } = "";
    public string Source { get; init; } = "publisher";
    public bool SourceOnDemand { get; init; }
    public TimeSpan SourceOnDemandStartTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SourceOnDemandCloseAfter { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxReaders { get; init; }
    public bool OverridePublisher { get; init; } = true;
    public string SourceRedirect { get; init; } = "";
}
