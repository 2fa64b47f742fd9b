using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hosting;
using MediaBroker.Tests.Auth;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Api;

/// <summary>A conf applier like the reloader: swaps the conf and applies the path diff.</summary>
internal sealed class TestConfApplier(BrokerConf initial, string? filePath = null) : IConfApplier
{
    private BrokerConf _current = initial;

    public PathManager? Paths { get; set; }

    public int Applied { get; private set; }

    public BrokerConf Current => Volatile.Read(ref _current);

    public string? FilePath { get; } = filePath;

    public Task<ConfApplyResult> ApplyAsync(BrokerConf next, string origin, CancellationToken ct)
    {
        Volatile.Write(ref _current, next);
        Applied++;
        Paths?.ApplyConf(next);
        return Task.FromResult(ConfApplyResult.Success);
    }
}

/// <summary>An API server on 127.0.0.1:0 with an in-process path manager, and a client for it.</summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private ApiTestHost(ApiServer server, PathManager paths, TestConfApplier conf, AuthService auth, HttpClient client)
    {
        Server = server;
        Paths = paths;
        Conf = conf;
        Auth = auth;
        Client = client;
    }

    public ApiServer Server { get; }

    public PathManager Paths { get; }

    public TestConfApplier Conf { get; }

    public AuthService Auth { get; }

    public HttpClient Client { get; }

    public static async Task<ApiTestHost> StartAsync(BrokerConf? conf = null, string? filePath = null, params IApiResourceProvider[] resources)
    {
        conf ??= TestPaths.Conf(new PathConf { Name = "cam1" }, new PathConf { Name = "all_others" });
        conf = conf with { Api = true, ApiAddress = "127.0.0.1:0" };
        var auth = new AuthService(new AuthOptions { InternalUsers = conf.AuthInternalUsers }, NullLogger<AuthService>.Instance, new RecordingDelay());
        var applier = new TestConfApplier(conf, filePath);
        var paths = TestPaths.Manager(conf);
        applier.Paths = paths;
        var server = new ApiServer(paths, auth, applier, resources, NullLoggerFactory.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.StartAsync(conf, cts.Token);
        var client = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.BoundEndPoint!.Port}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        return new ApiTestHost(server, paths, applier, auth, client);
    }

    public static AuthenticationHeaderValue Basic(string user, string pass) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}")));

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Paths.Dispose();
        Auth.Dispose();
    }
}
