using MediaBroker.Conf;

namespace MediaBroker.Protocols.Srt;

/// <summary>Timeouts of srt:// pushers, read from the configuration when each pusher is created.</summary>
public sealed record SrtPusherOptions
{
    /// <summary>readTimeout: how long the destination may take to accept the connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>writeTimeout: how long the send buffer may stay full before the push fails.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static SrtPusherOptions From(BrokerConf c) => new() { ConnectTimeout = c.ReadTimeout, WriteTimeout = c.WriteTimeout };
}
