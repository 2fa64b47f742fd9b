using System.Net;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Encoded dots, backslashes, NUL, overlong UTF-8, absolute paths and very long names on every HTTP listener of the
/// real broker (HLS with the HTTP outputs, embed and VOD routes; WebRTC pages and WHIP/WHEP; API with the dashboard;
/// metrics; playback; pprof): each is refused (400, 404, or 414 for a request line over Kestrel's 8 KB), none is a
/// 500, and no answer carries a file from outside what the listener serves.
/// </summary>
public sealed class HttpTraversalAttackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Marker = "attack-marker-7c1f";

    private static readonly string[] s_targets =
    [
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/..%2F..%2F..%2Fmediabroker.yml",
        "/cam/..%2f..%2f..%2fmediabroker.yml",
        "/cam/%2e%2e/%2e%2e/mediabroker.yml",
        "/..%5c..%5c..%5cmediabroker.yml",
        "/cam%5c..%5c..%5cetc%5cpasswd",
        "/cam%00.m3u8",
        "/cam/index.m3u8%00.js",
        "/%00/etc/passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/%e0%80%ae%e0%80%ae/mediabroker.yml",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/C:%5cWindows%5cwin.ini",
        "/json_..%2f..%2f..%2fetc%2fpasswd.js",
        "/info_%2e%2e%2fmediabroker.yml.js",
        "/..%2f..%2fmediabroker.html",
        "/cam/..%2f..%2fetc/passwd.flv",
        "/..%2fmediabroker.yml.ts",
        "/ui/..%2f..%2fmediabroker.yml",
        "/ui/%2e%2e%2f%2e%2e%2fmediabroker.yml",
        "/ui/app.js%00.png",
        "/ui/..%5capp.js",
        "/v3/recordings/get/..%2f..%2fetc",
        "/v3/config/paths/get/..%2f..%2fetc",
        "/list?path=..%2F..%2Fetc",
        "/list?path=%2Fetc",
        "/get?path=..%2F..%2F..%2Fetc&start=2020-01-01T00:00:00Z&duration=1",
        "/get?path=%00&start=2020-01-01T00:00:00Z&duration=1",
        "/debug/pprof/..%2f..%2fmediabroker.yml",
        "/" + new string('a', 4000) + "/index.m3u8",
        "/" + new string('a', 20000) + ".flv",
        "/json_" + string.Concat(Enumerable.Repeat("..%2f", 2000)) + ".js",
    ];

    private BrokerProcess? _broker;
    private readonly Dictionary<string, IPEndPoint> _listeners = [];

    public async Task InitializeAsync()
    {
        // The defaults let loopback clients use every route, so each attack reaches the handler behind auth.
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            # {Marker}
            api: yes
            metrics: yes
            playback: yes
            pprof: yes
            paths:
              cam:
              all_others:
            """);
        foreach (var name in new[] { "HLS", "WebRTC", "API", "metrics", "playback", "pprof" })
        {
            _listeners[name] = await _broker.ListenerAsync(name);
        }
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/%5cevil.example")]
    [InlineData("/%5c%5cevil.example")]
    [InlineData("/%2f%2fevil.example")]
    [InlineData("/.%5cevil.example")]
    [InlineData("/%09/evil.example")]
    public async Task PlayerPageRedirect_NeverPointsToAnotherHost(string target)
    {
        foreach (var name in new[] { "HLS", "WebRTC" })
        {
            var res = await AttackHttp.SendAsync(_listeners[name], target);
            res.Status.Should().BeOneOf([400, 404], $"{name} {target}: {res.Head}");
        }
    }

    [Fact]
    public async Task EveryHttpListener_TraversalAndOddNames_RefusedNever500NoFileFromOutside()
    {
        var failures = new List<string>();
        foreach (var (name, endPoint) in _listeners)
        {
            foreach (var target in s_targets)
            {
                foreach (var method in new[] { "GET", "POST" })
                {
                    var res = await AttackHttp.SendAsync(endPoint, target, method);
                    var text = res.Head + res.Body;
                    var shown = target.Length > 80 ? target[..80] + "…" : target;
                    // Kestrel decodes %2e and removes dot segments before routing, so "/%2e%2e/%2e%2e/etc/passwd" asks
                    // for the path named "etc/passwd": the HLS and WebRTC listeners answer any valid name with their
                    // player page (301 to the name with a slash, then the page), as MediaMTX does. Nothing else may pass.
                    var page = name is "HLS" or "WebRTC" && res.Status is 200 or 301 && IsPlayerPageOrItsRedirect(res);
                    if ((res.Status is not (400 or 404 or 405 or 414) && !page) || text.Contains(Marker, StringComparison.Ordinal)
                        || text.Contains("root:x:0:0", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
                    {
                        failures.Add($"{name} {method} {shown}: {res.Status} {res.Body[..Math.Min(200, res.Body.Length)]}");
                    }
                }
            }
        }

        output.WriteLine(string.Join("\n", failures));
        failures.Should().BeEmpty();
        _broker!.Process.Output.Should().NotContain("Unhandled exception", "no attack reached an unhandled error");
    }

    /// <summary>A redirect to a same-site path ("/name/", never "//host" or "/\\host"), or a page with no file content.</summary>
    private static bool IsPlayerPageOrItsRedirect(HttpAnswer res)
    {
        if (res.Status == 200)
        {
            return res.Body.Contains("<!DOCTYPE html>", StringComparison.OrdinalIgnoreCase);
        }

        var location = res.Head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Location: ", StringComparison.OrdinalIgnoreCase))?["Location: ".Length..];
        return location is { Length: > 1 } && location[0] == '/' && location[1] is not ('/' or '\\') && !location.Split('?')[0].Contains("..", StringComparison.Ordinal);
    }
}
