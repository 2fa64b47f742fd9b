using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>
/// The whole configuration: global keys, <c>pathDefaults</c> and <c>paths</c>. An immutable snapshot;
/// a reload builds a new one. (Skeleton: the Conf work adds every MediaMTX key.)
/// </summary>
public sealed record BrokerConf
{
    public string LogLevel { get; init; } = "info";
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int WriteQueueSize { get; init; } = 512;
    public int UdpMaxPayloadSize { get; init; } = 1452;
    public string AuthMethod { get; init; } = "internal";
    public ImmutableArray<AuthInternalUserConf> AuthInternalUsers { get; init; } = [];

    public PathConf PathDefaults { get; init; } = new();

    /// <summary>Path confs in file order, each with its <see cref="PathConf.Name"/> set.</summary>
    public ImmutableArray<PathConf> Paths { get; init; } = [];
}
