using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MediaBroker.Tests.Protocols.WebRtc.Support;

namespace MediaBroker.Tests.Dashboard;

/// <summary>
/// What the dashboard's browser tests share: a broker with an API user (admin/secret) and anonymous publish/read on
/// path <c>cam</c>, an API client signed in as that user, and one tests-tools script driving a browser through the
/// dashboard. The script gets the API base, the user, the path, its own arguments and the time it has left.
/// </summary>
internal sealed class DashboardBrowserRun : IAsyncDisposable
{
    public const string StreamPath = "cam";

    /// <summary>The broker's configuration after the listeners: admin/secret may use the API, anyone publishes and reads.</summary>
    public const string Yaml = """
        api: yes
        authInternalUsers:
        - user: admin
          pass: secret
          permissions:
          - action: api
        - user: any
          pass:
          permissions:
          - action: publish
          - action: read
        paths:
          cam:
          all_others:
        """;

    private DashboardBrowserRun(BrokerProcess broker, Uri api, IPEndPoint rtsp, IPEndPoint webrtc, HttpClient http, ExternalProcess browser)
    {
        Broker = broker;
        Api = api;
        Rtsp = rtsp;
        WebRtc = webrtc;
        Http = http;
        Browser = browser;
    }

    public BrokerProcess Broker { get; }

    public Uri Api { get; }

    public IPEndPoint Rtsp { get; }

    public IPEndPoint WebRtc { get; }

    /// <summary>An API client with the admin's Basic credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>The node process running the script; disposing it kills its tree, the browser included.</summary>
    public ExternalProcess Browser { get; }

    /// <summary>The URL of the path's embeddable player, which the dashboard's preview must show.</summary>
    public string PlayerUrl => $"http://127.0.0.1:{WebRtc.Port}/{StreamPath}.html";

    /// <param name="script">The tests-tools script (e.g. dashboard-browser.js).</param>
    /// <param name="scriptArgs">Arguments between the path and the script's time budget.</param>
    /// <param name="timeout">The test's time; the script gets it less <paramref name="margin"/> to report before the test gives up.</param>
    public static async Task<DashboardBrowserRun> StartAsync(string script, IReadOnlyList<string> scriptArgs, TimeSpan timeout, TimeSpan margin)
    {
        var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + Yaml);
        try
        {
            var api = new Uri($"http://{await broker.ListenerAsync("API")}/");
            var rtsp = await broker.ListenerAsync("RTSP");
            var webrtc = await broker.ListenerAsync("WebRTC");
            var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:secret")));
            string[] args =
            [
                Path.Combine(BrowserTools.ToolsDirectory!, script), api.ToString().TrimEnd('/'), "admin", "secret", StreamPath,
                .. scriptArgs, ((int)(timeout - margin).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ];
            var browser = ExternalProcess.Start(BrowserTools.Node!, args, BrowserTools.ToolsDirectory);
            return new DashboardBrowserRun(broker, api, rtsp, webrtc, http, browser);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Http.Dispose();
        await Broker.DisposeAsync();
    }
}
