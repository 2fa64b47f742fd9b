using MediaBroker.Protocols.Srt;

namespace MediaBroker.Bench;

/// <summary>What a stalled reader needs: the broker's ports, the path ("app/name"), shared clients, the stream's byte rate.</summary>
internal sealed record StallContext(BrokerPorts Ports, string Path, HttpClient Http, SrtRuntime Srt, double StreamBytesPerSecond)
{
    public string App => Path[..Path.IndexOf('/', StringComparison.Ordinal)];

    public string Name => Path[(Path.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
