using System.Net;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>A path manager and an RTSP server with every listener on 127.0.0.1:0, for interop tests.</summary>
internal sealed class RtspTestServer : IAsyncDisposable
{
    private RtspTestServer(PathManager paths, RtspServer server)
    {
        Paths = paths;
        Server = server;
    }

    public PathManager Paths { get; }

    public RtspServer Server { get; }

    public string Url => $"rtsp://127.0.0.1:{Server.BoundEndPoint!.Port}";

    public string RtspsUrl => $"rtsps://127.0.0.1:{Server.RtspsBoundEndPoint!.Port}";

    public static async Task<RtspTestServer> StartAsync(IPathAuthorizer? auth = null, RtspServerOptions? options = null, BrokerConf? conf = null,
        params IStaticSourceFactory[] sources)
    {
        var paths = TestPaths.Manager(conf, auth, sources);
        var server = new RtspServer(
            paths,
            NullLoggerFactory.Instance,
            (options ?? new RtspServerOptions()) with
            {
                Address = new IPEndPoint(IPAddress.Loopback, 0),
                RtspsAddress = new IPEndPoint(IPAddress.Loopback, 0),
                RtpAddress = new IPEndPoint(IPAddress.Loopback, 0),
                RtcpAddress = new IPEndPoint(IPAddress.Loopback, 0),
                SrtpAddress = new IPEndPoint(IPAddress.Loopback, 0),
                SrtcpAddress = new IPEndPoint(IPAddress.Loopback, 0),
            });
        await server.StartAsync(CancellationToken.None);
        return new RtspTestServer(paths, server);
    }

    /// <summary>Polls until the path is ready (a publisher started its stream).</summary>
    public async Task<MediaStream> WaitReadyAsync(string path, TimeSpan timeout, ExternalProcess? publisher = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Paths.Find(path)?.Stream is { } stream)
            {
                return stream;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"path {path} did not become ready; publisher output: {publisher?.Output}");
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
