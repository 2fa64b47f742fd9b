using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Conf;
using MediaBroker.Net;
using MediaBroker.Net.Http;

namespace MediaBroker.Protocols.Hls;

/// <summary>The HLS server's settings (MediaMTX's <c>hls*</c> keys).</summary>
public sealed record HlsServerOptions
{
    public bool Enabled { get; init; } = true;

    public IPEndPoint Endpoint { get; init; } = new(IPAddress.IPv6Any, 8888);

    /// <summary>HTTPS certificate (<c>hlsEncryption</c> with <c>hlsServerCert</c>/<c>hlsServerKey</c>), or null for plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary><c>readTimeout</c>: bounds a request's headers and the idle wait between requests.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> AllowOrigins { get; init; } = ["*"];

    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public bool AlwaysRemux { get; init; }

    public HlsVariant Variant { get; init; } = HlsVariant.LowLatency;

    public int SegmentCount { get; init; } = 7;

    /// <summary>Minimum segment duration; segments end at the first key frame after it.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PartDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    public long SegmentMaxSize { get; init; } = 50L * 1024 * 1024;

    /// <summary>When set, segments and playlists are also written under this directory (one folder per path).</summary>
    public string Directory { get; init; } = "";

    public TimeSpan MuxerCloseAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests with <c>Authorization: Bearer &lt;secret&gt;</c> are a CDN: no per-user auth.</summary>
    public string CdnSecret { get; init; } = "";

    /// <summary>How long the first playlist request waits for the muxer's first segment.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A viewer session without requests for this long is closed (and leaves the path's readers).</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>dumpPackets</c>: each HTTP connection's bytes go to a pcapng file in the working directory.</summary>
    public bool DumpPackets { get; init; }

    /// <summary>Maps the global configuration. The certificate is loaded only when encryption is on.</summary>
    /// <exception cref="FormatException">hlsAddress is malformed.</exception>
    public static HlsServerOptions From(BrokerConf c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new HlsServerOptions
        {
            Enabled = c.Hls,
            Endpoint = ListenAddress.Parse(c.HlsAddress),
            Certificate = c.HlsEncryption ? HttpCertificates.LoadPem(c.HlsServerCert, c.HlsServerKey) : null,
            AllowOrigins = [.. c.HlsAllowOrigins],
            ReadTimeout = c.ReadTimeout,
            TrustedProxies = [.. c.HlsTrustedProxies],
            AlwaysRemux = c.HlsAlwaysRemux,
            Variant = HlsVariants.Parse(c.HlsVariant),
            SegmentCount = c.HlsSegmentCount,
            SegmentDuration = c.HlsSegmentDuration,
            PartDuration = c.HlsPartDuration,
            SegmentMaxSize = c.HlsSegmentMaxSize,
            Directory = c.HlsDirectory,
            MuxerCloseAfter = c.HlsMuxerCloseAfter,
            CdnSecret = c.HlsCDNSecret,
            DumpPackets = c.DumpPackets,
        };
    }

    /// <summary>The YAML keys <see cref="From"/> reads: a change of any of them restarts the server.</summary>
    public static readonly IReadOnlySet<string> ConfKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "hls", "hlsAddress", "hlsEncryption", "hlsServerKey", "hlsServerCert", "hlsAllowOrigins", "hlsTrustedProxies",
        "hlsAlwaysRemux", "hlsVariant", "hlsSegmentCount", "hlsSegmentDuration", "hlsPartDuration", "hlsSegmentMaxSize",
        "hlsDirectory", "hlsMuxerCloseAfter", "hlsCDNSecret", "dumpPackets",
    };
}
