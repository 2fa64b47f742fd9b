using MediaBroker.Conf;

namespace MediaBroker.Protocols.Srt;

/// <summary>What the SRT server reads from the configuration.</summary>
public sealed record SrtServerOptions
{
    /// <summary>The global keys whose change restarts the server.</summary>
    public static readonly IReadOnlySet<string> ConfKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "srt", "srtAddress", "readTimeout", "writeTimeout",
    };

    public bool Enabled { get; init; } = true;

    /// <summary>UDP listen address, MediaMTX style (":8890", "127.0.0.1:0").</summary>
    public string Address { get; init; } = ":8890";

    /// <summary>A publisher that sends nothing for this long is closed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A reader whose send buffer stays full this long is closed.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static SrtServerOptions From(BrokerConf c) => new()
    {
        Enabled = c.Srt,
        Address = c.SrtAddress,
        ReadTimeout = c.ReadTimeout,
        WriteTimeout = c.WriteTimeout,
    };
}
