using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using FluentAssertions;
using MediaBroker.Api;
using Xunit;

namespace MediaBroker.Tests.Dashboard;

/// <summary>
/// The real broker with an api user that needs a password: no dashboard page, asset, data route or socket answers
/// without credentials; Basic works; the sign-in form's cookie works and needs the CSRF header to change anything.
/// </summary>
public sealed class DashboardAuthTests : IAsyncLifetime
{
    private static readonly string[] s_getRoutes =
        ["/", "/ui", "/ui/", "/ui/index.html", "/ui/app.js", "/ui/style.css", "/ui/api/stats", "/ui/api/sessions", "/ui/api/logs", "/ui/nothing"];

    private BrokerProcess? _broker;
    private Uri _api = null!;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + DashboardBrowserRun.Yaml);
        var ep = await _broker.ListenerAsync("API");
        _api = new Uri($"http://{ep}/");
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_Refused()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        foreach (var route in s_getRoutes)
        {
            using var res = await http.GetAsync(new Uri(_api, route));
            var body = await res.Content.ReadAsStringAsync();
            if (res.StatusCode == HttpStatusCode.SeeOther)
            {
                res.Headers.Location!.ToString().Should().Be("/ui/login", $"{route} sends a browser to the sign-in form");
            }
            else
            {
                res.StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            }

            body.Should().NotContain("MediaBroker dashboard", route).And.NotContain("listeners", route);
        }

        using var logout = await http.PostAsync(new Uri(_api, "/ui/logout"), null);
        logout.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var ws = new ClientWebSocket();
        var connect = () => ws.ConnectAsync(new Uri($"ws://{_api.Authority}/ui/api/logs"), CancellationToken.None);
        (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task WrongPassword_Refused()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        http.DefaultRequestHeaders.Authorization = Basic("admin", "wrong");
        using var res = await http.GetAsync(new Uri(_api, "/ui/api/stats"));
        res.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var form = await http.PostAsync(new Uri(_api, "/ui/login"), Form("admin", "wrong"));
        form.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        form.Headers.Location!.ToString().Should().Be("/ui/login?failed=1");
        form.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task Basic_ServesPagesAssetsDataAndSocket()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        http.DefaultRequestHeaders.Authorization = Basic("admin", "secret");
        (await http.GetStringAsync(new Uri(_api, "/ui/"))).Should().Contain("<script src=\"/ui/app.js\"");
        (await http.GetStringAsync(new Uri(_api, "/ui/app.js"))).Should().Contain("function overviewPage");
        var stats = await http.GetStringAsync(new Uri(_api, "/ui/api/stats"));
        stats.Should().Contain("\"uptimeSeconds\"").And.Contain("\"protocol\":\"rtsp\"");

        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Authorization", Basic("admin", "secret").ToString());
        await ws.ConnectAsync(new Uri($"ws://{_api.Authority}/ui/api/logs"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var first = await ws.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Encoding.UTF8.GetString(buffer, 0, first.Count).Should().Contain("\"level\":").And.Contain("\"message\":");

        // A page of another site (WebSockets ignore CORS) is refused even with valid credentials.
        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Authorization", Basic("admin", "secret").ToString());
        foreign.Options.SetRequestHeader("Origin", "http://evil.example");
        var connect = () => foreign.ConnectAsync(new Uri($"ws://{_api.Authority}/ui/api/logs"), CancellationToken.None);
        (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("403");
    }

    [Fact]
    public async Task LoginForm_CookieWorks_StateChangesNeedTheCsrfHeader()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var login = await http.PostAsync(new Uri(_api, "/ui/login"), Form("admin", "secret"));
        login.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        login.Headers.Location!.ToString().Should().Be("/ui/");
        var setCookie = login.Headers.GetValues("Set-Cookie").Single();
        setCookie.Should().StartWith(AdminSessions.CookieName + "=").And.Contain("httponly").And.Contain("samesite=strict");
        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];

        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri(_api, "/ui/api/stats"));
        page.Headers.Add("Cookie", cookie);
        (await http.SendAsync(page)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The v3 routes take the cookie too, but a change without the custom header (what a cross-site form sends) is refused.
        using var forged = new HttpRequestMessage(HttpMethod.Patch, new Uri(_api, "/v3/config/global/patch"))
        {
            Content = new StringContent("{\"readTimeout\":\"7s\"}", Encoding.UTF8, "application/json"),
        };
        forged.Headers.Add("Cookie", cookie);
        (await http.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var real = new HttpRequestMessage(HttpMethod.Patch, new Uri(_api, "/v3/config/global/patch"))
        {
            Content = new StringContent("{\"readTimeout\":\"7s\"}", Encoding.UTF8, "application/json"),
        };
        real.Headers.Add("Cookie", cookie);
        real.Headers.Add(AdminSessions.CsrfHeader, "1");
        (await http.SendAsync(real)).StatusCode.Should().Be(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = Basic("admin", "secret");
        (await http.GetStringAsync(new Uri(_api, "/v3/config/global/get"))).Should().Contain("\"readTimeout\":\"7s\"");
        http.DefaultRequestHeaders.Authorization = null;

        // Signing out ends the session: the same cookie no longer opens anything.
        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(_api, "/ui/logout"));
        logout.Headers.Add("Cookie", cookie);
        logout.Headers.Add(AdminSessions.CsrfHeader, "1");
        (await http.SendAsync(logout)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var after = new HttpRequestMessage(HttpMethod.Get, new Uri(_api, "/ui/api/stats"));
        after.Headers.Add("Cookie", cookie);
        (await http.SendAsync(after)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static AuthenticationHeaderValue Basic(string user, string pass) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass)));

    private static FormUrlEncodedContent Form(string user, string pass) =>
        new([new("user", user), new("pass", pass)]);
}
