using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>
/// One entry of <c>paths</c> (or <c>pathDefaults</c>), defaults already merged in. Every property is the MediaMTX
/// path key with its first letter upper-cased. Keys marked <see cref="ConfHotAttribute"/> (record*, forward,
/// runOnRecordSegment*, readerBatchDuration) are applied to a running path in place; any other change restarts the path, as in
/// MediaMTX's <c>pathConfCanBeUpdated</c>. Hook keys are in PathConf.Hooks.cs.
/// </summary>
public sealed partial record PathConf
{
    /// <summary>The key under <c>paths</c> ("cam1", "~^cam(\d+)$", "all_others"); "" for pathDefaults.</summary>
    [ConfIgnore]
    public string Name { get; init; } = "";

    // General.
    public string Source { get; init; } = "publisher";
    public string SourceFingerprint { get; init; } = "";
    public bool SourceOnDemand { get; init; }
    public TimeSpan SourceOnDemandStartTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SourceOnDemandCloseAfter { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxReaders { get; init; }
    public string SrtReadPassphrase { get; init; } = "";
    public bool UseAbsoluteTimestamp { get; init; }

    /// <summary>
    /// Ours: merged writes to TCP readers (RTMP, RTSP over TCP): a duration (<c>0s</c> off, <c>350ms</c>) or <c>auto</c>.
    /// A string because of <c>auto</c>. Hot: a reload applies it to readers that join afterwards.
    /// </summary>
    [ConfHot]
    public string ReaderBatchDuration { get; init; } = "0s";

    // Always available (offline stream while no publisher is present).
    public bool AlwaysAvailable { get; init; }
    public ImmutableArray<AlwaysAvailableTrackConf> AlwaysAvailableTracks { get; init; } = [];
    public string AlwaysAvailableFile { get; init; } = "";

    // Record.
    [ConfHot]
    public bool Record { get; init; }
    [ConfHot]
    public string RecordPath { get; init; } = "./recordings/%path/%Y-%m-%d_%H-%M-%S-%f";
    [ConfHot, ConfOneOf("fmp4", "mpegts")]
    public string RecordFormat { get; init; } = "fmp4";
    [ConfHot]
    public TimeSpan RecordPartDuration { get; init; } = TimeSpan.FromSeconds(1);
    [ConfHot]
    public long RecordMaxPartSize { get; init; } = 50L * 1024 * 1024;
    [ConfHot]
    public TimeSpan RecordSegmentDuration { get; init; } = TimeSpan.FromHours(1);
    [ConfHot]
    public TimeSpan RecordDeleteAfter { get; init; } = TimeSpan.FromDays(1);

    // Forward.
    [ConfHot]
    public ImmutableArray<ForwardConf> Forward { get; init; } = [];

    // Publisher source.
    public bool OverridePublisher { get; init; } = true;
    public string SrtPublishPassphrase { get; init; } = "";
    public bool RtspDemuxMpegts { get; init; }

    // RTSP source.
    [ConfOneOf("automatic", "udp", "multicast", "tcp")]
    public string RtspTransport { get; init; } = "automatic";
    public bool RtspAnyPort { get; init; }
    [ConfOneOf("", "clock", "npt", "smpte")]
    public string RtspRangeType { get; init; } = "";
    public string RtspRangeStart { get; init; } = "";
    public string RtspScale { get; init; } = "";
    public ImmutableArray<int> RtspUDPSourcePortRange { get; init; } = [32768, 60999];

    // RTP source.
    public string RtpSDP { get; init; } = "";

    // WHEP source.
    public string WhepBearerToken { get; init; } = "";
    public TimeSpan WhepSTUNGatherTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WhepHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WhepTrackGatherTimeout { get; init; } = TimeSpan.FromSeconds(2);

    // Redirect source.
    public string SourceRedirect { get; init; } = "";

    /// <summary>True for <c>~regex</c> names and the catch-all aliases.</summary>
    public bool IsRegex => Name.StartsWith('~') || PathNames.IsCatchAll(Name);

    public bool Equals(PathConf? other) => ConfEquality.RecordEquals(this, other);

    public override int GetHashCode() => ConfEquality.RecordHash(this);
}
