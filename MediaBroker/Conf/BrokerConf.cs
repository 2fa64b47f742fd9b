using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>
/// The whole configuration: global keys, <c>pathDefaults</c> and <c>paths</c>. An immutable snapshot; a reload
/// builds a new one. Every property is the MediaMTX key with its first letter upper-cased, and holds MediaMTX's
/// default. Equality is by value, lists included (the reload diff depends on it). The server keys are in
/// BrokerConf.Servers.cs.
/// </summary>
public sealed partial record BrokerConf
{
    // General.
    [ConfOneOf("error", "warn", "info", "debug")]
    public string LogLevel { get; init; } = "info";
    [ConfOneOf("stdout", "file", "syslog")]
    public ImmutableArray<string> LogDestinations { get; init; } = ["stdout"];
    public bool LogStructured { get; init; }
    public string LogFile { get; init; } = "mediamtx.log";
    public string SysLogPrefix { get; init; } = "mediamtx";
    public bool DumpPackets { get; init; }
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int WriteQueueSize { get; init; } = 512;
    public int UdpMaxPayloadSize { get; init; } = 1452;
    public int UdpReadBufferSize { get; init; }
    public string RunOnConnect { get; init; } = "";
    public bool RunOnConnectRestart { get; init; }
    public string RunOnDisconnect { get; init; } = "";

    // Triggers (MediaBroker extension: MistServer's triggers, docs/triggers.md). Read at each event: hot.
    [ConfHot]
    public ImmutableArray<TriggerConf> Triggers { get; init; } = [];
    [ConfHot]
    public TimeSpan TriggersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    // Authentication.
    [ConfOneOf("internal", "http", "jwt")]
    public string AuthMethod { get; init; } = "internal";
    [ConfHot]
    public ImmutableArray<AuthInternalUserConf> AuthInternalUsers { get; init; } = DefaultInternalUsers;
    public string AuthHTTPAddress { get; init; } = "";
    public string AuthHTTPFingerprint { get; init; } = "";
    public ImmutableArray<AuthPermissionConf> AuthHTTPExclude { get; init; } = [];
    public string AuthJWTJWKS { get; init; } = "";
    public string AuthJWTJWKSFingerprint { get; init; } = "";
    public string AuthJWTClaimKey { get; init; } = "mediamtx_permissions";
    public ImmutableArray<AuthPermissionConf> AuthJWTExclude { get; init; } = [];
    public string AuthJWTIssuer { get; init; } = "";
    public string AuthJWTAudience { get; init; } = "";

    /// <summary>
    /// MediaBroker extension: a failed authentication that carried credentials is answered after a random pause
    /// between this and <see cref="AuthFailureDelayMax"/> (MediaMTX: 0 to 4 s, which these defaults keep).
    /// </summary>
    [ConfHot]
    public TimeSpan AuthFailureDelayMin { get; init; } = TimeSpan.Zero;
    [ConfHot]
    public TimeSpan AuthFailureDelayMax { get; init; } = TimeSpan.FromSeconds(4);

    // Control API.
    public bool Api { get; init; }
    public string ApiAddress { get; init; } = ":9997";
    public bool ApiEncryption { get; init; }
    public string ApiServerKey { get; init; } = "server.key";
    public string ApiServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> ApiAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> ApiTrustedProxies { get; init; } = [];

    /// <summary>MediaBroker extension: API configuration changes are written back to the file (MediaMTX never does).</summary>
    [ConfHot]
    public bool ApiPersistConfig { get; init; }

    /// <summary>MediaBroker extension (MistServer's automatic pushes): rules that push a matching path when it becomes ready.</summary>
    [ConfHot]
    public ImmutableArray<AutoPushConf> AutoPushes { get; init; } = [];

    // Cluster (MediaBroker extension, docs/cluster.md).
    /// <summary>Join the cluster whose directory is in <see cref="ClusterRedis"/>.</summary>
    public bool Cluster { get; init; }

    /// <summary>redis://[user:password@]host[:port][/db], or rediss:// for TLS.</summary>
    public string ClusterRedis { get; init; } = "redis://127.0.0.1:6379/0";

    /// <summary>This node's name in the directory; empty: the host name.</summary>
    public string ClusterNodeName { get; init; } = "";

    /// <summary>host[:port] other nodes use to reach this node's RTSP listener; empty: the first non-loopback address.</summary>
    public ImmutableArray<string> ClusterAdvertise { get; init; } = [];

    /// <summary>How a node pulls a path from the node that owns it: RTSP over TCP, or SRT (caller to the owner's listener).</summary>
    [ConfOneOf("rtsp", "srt")]
    public string ClusterPullProtocol { get; init; } = "rtsp";

    /// <summary>A node with this many readers of a path redirects new readers of it to another node that has it; 0: never.</summary>
    public int ClusterRedirectReaders { get; init; }

    // Metrics.
    public bool Metrics { get; init; }
    public string MetricsAddress { get; init; } = ":9998";
    public bool MetricsEncryption { get; init; }
    public string MetricsServerKey { get; init; } = "server.key";
    public string MetricsServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> MetricsAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> MetricsTrustedProxies { get; init; } = [];

    // pprof (Go profiler in MediaMTX; kept for compatibility).
    public bool Pprof { get; init; }
    public string PprofAddress { get; init; } = ":9999";
    public bool PprofEncryption { get; init; }
    public string PprofServerKey { get; init; } = "server.key";
    public string PprofServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> PprofAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> PprofTrustedProxies { get; init; } = [];

    // Playback server.
    public bool Playback { get; init; }
    public string PlaybackAddress { get; init; } = ":9996";
    public bool PlaybackEncryption { get; init; }
    public string PlaybackServerKey { get; init; } = "server.key";
    public string PlaybackServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> PlaybackAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> PlaybackTrustedProxies { get; init; } = [];

    /// <summary>The template every path starts from (not a global key; bound before <see cref="Paths"/>).</summary>
    [ConfIgnore]
    public PathConf PathDefaults { get; init; } = new();

    /// <summary>Path confs in file order, each with its <see cref="PathConf.Name"/> set and pathDefaults merged under it.</summary>
    [ConfIgnore]
    public ImmutableArray<PathConf> Paths { get; init; } = [];

    /// <summary>MediaMTX's two default users: anyone may publish, read and play back; only localhost may use the API, metrics and pprof.</summary>
    public static ImmutableArray<AuthInternalUserConf> DefaultInternalUsers { get; } =
    [
        new AuthInternalUserConf
        {
            User = "any",
            Permissions = [new("publish"), new("read"), new("playback")],
        },
        new AuthInternalUserConf
        {
            User = "any",
            Ips = ["127.0.0.1", "::1"],
            Permissions = [new("api"), new("metrics"), new("pprof")],
        },
    ];

    public bool Equals(BrokerConf? other) => ConfEquality.RecordEquals(this, other);

    public override int GetHashCode() => ConfEquality.RecordHash(this);
}
