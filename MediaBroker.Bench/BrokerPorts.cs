namespace MediaBroker.Bench;

/// <summary>The loopback ports the broker reported for the servers the tool talks to.</summary>
internal sealed record BrokerPorts(int Rtmp, int Rtsp, int Hls, int Srt, int Api, int WebRtc)
{
    /// <summary>A WHEP endpoint other than the broker's <c>/path/whep</c> (an external server's, e.g. SRS's).</summary>
    public Uri? Whep { get; init; }

    public static async Task<BrokerPorts> ReadAsync(BrokerHost broker) => new(
        await broker.PortAsync("RTMP"),
        await broker.PortAsync("RTSP"),
        await broker.PortAsync("HLS"),
        await broker.PortAsync("SRT"),
        await broker.PortAsync("API"),
        await broker.WebRtcHttpPortAsync());

    /// <summary>Where a WebRTC reader of <paramref name="path"/> ("app/name") posts its offer.</summary>
    public Uri WhepUri(string path) => Whep ?? new Uri($"http://127.0.0.1:{WebRtc}/{path}/whep");
}
