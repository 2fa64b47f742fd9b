using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;

namespace MediaBroker.Tests.Push;

/// <summary>
/// What the push tests share: the broker's config (anyone publishes and reads, admin:secret may use the API and
/// metrics), an authenticated API client, an ffmpeg publisher on a path, and the API's JSON calls.
/// </summary>
internal static class PushTestBroker
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The push tests' config, <paramref name="extra"/> keys appended.</summary>
    public static string Yaml(string extra = "") => BrokerProcess.LoopbackListeners + """
        api: yes
        authInternalUsers:
        - user: any
          permissions:
          - action: publish
          - action: read
        - user: admin
          pass: secret
          permissions:
          - action: api
          - action: metrics
        paths:
          all_others:
        """ + "\n" + extra;

    /// <summary>A client of the broker's API, signed in as admin.</summary>
    public static async Task<HttpClient> ApiAsync(BrokerProcess broker)
    {
        var ep = await broker.ListenerAsync("API");
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ep.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:secret")));
        return client;
    }

    /// <summary>ffmpeg publishing H264 + AAC to <paramref name="path"/> over RTMP for two minutes, once the broker says the path is ready.</summary>
    public static async Task<ExternalProcess> PublishAsync(BrokerProcess broker, string path)
    {
        var rtmp = await broker.ListenerAsync("RTMP");
        var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp.Port}/{path}", 120);
        await WaitReadyAsync(broker, path);
        return publisher;
    }

    /// <summary>Waits until the broker logs that <paramref name="path"/> is ready.</summary>
    public static Task WaitReadyAsync(BrokerProcess broker, string path) =>
        broker.Process.WaitForLineAsync(l => l.Contains($"[path {path}] stream is ready", StringComparison.Ordinal), ReadyTimeout);

    /// <summary>POSTs <paramref name="body"/> as JSON, checks the status and returns the JSON answer.</summary>
    public static Task<JsonObject> PostAsync(HttpClient api, string url, JsonObject? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostTextAsync(api, url, body?.ToJsonString() ?? "", "application/json", expected);

    /// <summary>POSTs <paramref name="body"/> as <paramref name="contentType"/>, checks the status and returns the JSON answer.</summary>
    public static async Task<JsonObject> PostTextAsync(HttpClient api, string url, string body, string contentType,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await api.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GETs <paramref name="url"/>, checks for 200 and returns the JSON answer.</summary>
    public static async Task<JsonObject> GetAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
