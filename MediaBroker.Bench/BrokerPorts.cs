namespace MediaBroker.Bench;

/// <summary>The loopback ports the broker reported for the servers the tool talks to.</summary>
internal sealed record BrokerPorts(int Rtmp, int Rtsp, int Hls, int Srt, int Api, int WebRtc)
{
    public static async Task<BrokerPorts> ReadAsync(BrokerHost broker) => new(
        await broker.PortAsync("RTMP"),
        await broker.PortAsync("RTSP"),
        await broker.PortAsync("HLS"),
        await broker.PortAsync("SRT"),
        await broker.PortAsync("API"),
        await broker.WebRtcHttpPortAsync());
}
