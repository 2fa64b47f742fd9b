using MediaBroker.Conf;

namespace MediaBroker.Net;

/// <summary>
/// A listener the broker runs (RTSP, RTMP, HLS, API...). It declares the global keys it reads, so that a
/// reload restarts it only when one of them changed; every other server keeps its clients.
/// </summary>
public interface IBrokerServer
{
    /// <summary>Shown in logs ("RTSP", "API").</summary>
    string Name { get; }

    /// <summary>The global configuration keys (YAML names) whose change requires a restart.</summary>
    IReadOnlySet<string> ConfKeys { get; }

    /// <summary>Starts listening if the configuration enables this server; otherwise does nothing.</summary>
    Task StartAsync(BrokerConf conf, CancellationToken ct);

    /// <summary>Where clients reach the server now (for the dashboard's URLs); empty when stopped or not a media server.</summary>
    IReadOnlyList<BoundListener> Listeners => [];

    /// <summary>Stops listening and closes this server's connections.</summary>
    Task StopAsync(CancellationToken ct);
}
