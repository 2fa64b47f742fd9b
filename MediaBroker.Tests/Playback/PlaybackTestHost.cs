using System.Net.Http.Headers;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Playback;
using MediaBroker.Record;
using MediaBroker.Tests.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Playback;

/// <summary>
/// A playback server on 127.0.0.1:0 over a <see cref="Tests.Record.RecordingFixture"/>, with users "viewer" (playback),
/// "reader" (read only), and a client.
/// </summary>
internal sealed class PlaybackTestHost : IAsyncDisposable
{
    private readonly AuthService _auth;

    private PlaybackTestHost(PlaybackServer server, HttpClient client, AuthService auth)
    {
        Server = server;
        Client = client;
        _auth = auth;
    }

    public PlaybackServer Server { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static AuthenticationHeaderValue Viewer { get; } = Basic("viewer", "pw");

    public static async Task<PlaybackTestHost> StartAsync(BrokerConf conf, HttpMessageHandler? handler = null)
    {
        conf = conf with
        {
            Playback = true,
            PlaybackAddress = "127.0.0.1:0",
            AuthInternalUsers =
            [
                new AuthInternalUserConf { User = "viewer", Pass = "pw", Permissions = [new("playback")] },
                new AuthInternalUserConf { User = "reader", Pass = "pw", Permissions = [new("read")] },
            ],
        };
        var auth = new AuthService(new AuthOptions { InternalUsers = conf.AuthInternalUsers }, NullLogger<AuthService>.Instance, new RecordingDelay());
        var server = new PlaybackServer(new RecordingStore(() => conf), auth, NullLoggerFactory.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.StartAsync(conf, cts.Token);
        var client = new HttpClient(handler ?? new HttpClientHandler())
        {
            BaseAddress = new Uri($"{(conf.PlaybackEncryption ? "https" : "http")}://127.0.0.1:{server.BoundEndPoint!.Port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new PlaybackTestHost(server, client, auth);
    }

    public static AuthenticationHeaderValue Basic(string user, string pass) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}")));

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = auth ?? Viewer;
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _auth.Dispose();
    }
}
