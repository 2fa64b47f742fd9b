using MediaBroker.Core;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>A WebRTC server on 127.0.0.1 with OS-chosen ports (HTTP and ICE/UDP) over a fresh path manager.</summary>
internal sealed class WebRtcServerFixture : IAsyncDisposable
{
    private WebRtcServerFixture(PathManager paths, WebRtcServer server)
    {
        Paths = paths;
        Server = server;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.BoundEndPoint!.Port}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public PathManager Paths { get; }

    public WebRtcServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<WebRtcServerFixture> StartAsync(IPathAuthorizer? auth = null, WebRtcServerOptions? options = null)
    {
        var paths = TestPaths.Manager(auth: auth);
        var server = new WebRtcServer(paths, NullLoggerFactory.Instance);
        await server.StartAsync(
            (options ?? new WebRtcServerOptions()) with { Address = "127.0.0.1:0", LocalUdpAddress = "127.0.0.1:0" },
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        return new WebRtcServerFixture(paths, server);
    }

    public Uri Url(string relative) => new(Http.BaseAddress!, relative);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Paths.Dispose();
    }
}
