using System.Net;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>A path manager and an RTMP server on 127.0.0.1:0, for interop tests.</summary>
internal sealed class RtmpTestServer : IAsyncDisposable
{
    private RtmpTestServer(PathManager paths, RtmpServer server)
    {
        Paths = paths;
        Server = server;
    }

    public PathManager Paths { get; }

    public RtmpServer Server { get; }

    public string Url => $"rtmp://127.0.0.1:{Server.BoundEndPoint!.Port}";

    public string RtmpsUrl => $"rtmps://127.0.0.1:{Server.RtmpsBoundEndPoint!.Port}";

    public static async Task<RtmpTestServer> StartAsync(IPathAuthorizer? auth = null, RtmpServerOptions? options = null, MediaBroker.Conf.BrokerConf? conf = null)
    {
        var paths = TestPaths.Manager(conf, auth);
        var server = new RtmpServer(
            (options ?? new RtmpServerOptions()) with
            {
                Address = new IPEndPoint(IPAddress.Loopback, 0),
                RtmpsAddress = new IPEndPoint(IPAddress.Loopback, 0),
            },
            paths,
            NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        return new RtmpTestServer(paths, server);
    }

    /// <summary>Polls until the path is ready (a publisher started its stream).</summary>
    public async Task WaitReadyAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Paths.Find(path) is not { IsReady: true })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"path {path} did not become ready");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Paths.Dispose();
    }
}
