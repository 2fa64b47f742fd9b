using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// One real broker shared by the cross-protocol tests of a class (starting the executable costs seconds):
/// every listener on loopback, any path accepted. Tests use distinct path names so they can share it.
/// </summary>
public sealed class CrossProtocolBroker : IAsyncLifetime
{
    private BrokerProcess? _broker;

    internal BrokerProcess Broker => _broker ?? throw new InvalidOperationException("the broker is not started");

    public int RtspPort { get; private set; }

    public int RtmpPort { get; private set; }

    public int HlsPort { get; private set; }

    public int SrtPort { get; private set; }

    public string Rtsp(string path) => $"rtsp://127.0.0.1:{RtspPort}/{path}";

    public string Rtmp(string path) => $"rtmp://127.0.0.1:{RtmpPort}/{path}";

    public string Hls(string path) => $"http://127.0.0.1:{HlsPort}/{path}/index.m3u8";

    public string SrtRead(string path) => $"srt://127.0.0.1:{SrtPort}?streamid=read:{path}";

    public string SrtPublish(string path) => $"srt://127.0.0.1:{SrtPort}?streamid=publish:{path}&pkt_size=1316";

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        RtspPort = (await _broker.ListenerAsync("RTSP")).Port;
        RtmpPort = (await _broker.ListenerAsync("RTMP")).Port;
        HlsPort = (await _broker.ListenerAsync("HLS")).Port;
        SrtPort = (await _broker.ListenerAsync("SRT")).Port;
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
