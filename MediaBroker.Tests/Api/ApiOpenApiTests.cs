using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Conf;
using MediaBroker.Tests.Conf;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiOpenApiTests
{
    private static string DocPath => Path.Combine(ConfTestUtil.RepoRoot(), "docs", "openapi.json");

    /// <summary>
    /// docs/openapi.json must be what the code generates. To refresh it after changing routes or conf keys, run
    /// this test with UPDATE_OPENAPI=1.
    /// </summary>
    [Fact]
    public void DocsFile_MatchesGeneratedDocument()
    {
        var generated = ApiOpenApi.ToText(ApiOpenApi.Build(ApiRouteTable.Fixed));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(DocPath, generated);
        }

        File.ReadAllText(DocPath).ReplaceLineEndings("\n").Should().Be(generated,
            "docs/openapi.json drifted from the routes; regenerate it with UPDATE_OPENAPI=1 dotnet test --filter ApiOpenApiTests");
    }

    [Fact]
    public async Task Served_ListsEveryMappedRouteWithItsMethod()
    {
        var provider = ApiResource.Create("rtspsessions", () => (IReadOnlyList<ApiResourceRoutesTests.RtmpConnItem>)[], c => c.Id.ToString(), _ => true);
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        var (status, body) = await host.GetAsync("/v3/openapi.json");
        status.Should().Be(HttpStatusCode.OK);
        var paths = body!["paths"]!.AsObject();
        foreach (var route in host.Server.Routes.Routes)
        {
            paths[route.Pattern]?[route.Method.ToLowerInvariant()].Should().NotBeNull($"{route.Method} {route.Pattern} is served");
        }

        paths.Should().ContainKey("/v3/rtspsessions/kick/{id}");
        body["components"]!["schemas"]!["RtmpConnItem"]!["properties"]!.AsObject().Should().ContainKey("outboundFramesDiscarded");
    }

    [Fact]
    public void ItemSchema_FieldsAsSerialized_IgnoredPropertyLeftOut()
    {
        var provider = ApiResource.Create("rtmpconns", () => (IReadOnlyList<TlsSplitItem>)[], c => c.Id.ToString());
        var schemas = ApiOpenApi.Build(ApiRouteTable.ForResource(provider))["components"]!["schemas"]!;
        schemas["TlsSplitItem"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "inboundBytes", "bytesReceived");
    }

    [Fact]
    public async Task EveryDocumentedFixedRoute_IsServed()
    {
        // rec1 (under all_others, which the config routes below leave alone) has one (empty) segment file, so the
        // recordings routes have something to list, get and delete.
        var dir = Path.Combine(Path.GetTempPath(), "mb-openapi-" + Guid.NewGuid().ToString("N"));
        var recordPath = Path.Combine(dir, "%path", "%Y-%m-%d_%H-%M-%S-%f");
        var start = new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc);
        var segment = new MediaBroker.Record.RecordPathTemplate(recordPath, "fmp4").Format("rec1", start);
        Directory.CreateDirectory(Path.GetDirectoryName(segment)!);
        await File.WriteAllBytesAsync(segment, []);
        using var cleanup = new TempDirectory(dir);
        await using var host = await ApiTestHost.StartAsync(TestPaths.Conf(
            new PathConf { Name = "cam1", RecordPath = recordPath }, new PathConf { Name = "all_others", RecordPath = recordPath }));
        var doc = JsonNode.Parse(File.ReadAllText(DocPath))!["paths"]!.AsObject();
        var calls = doc.SelectMany(p => p.Value!.AsObject().Select(op => (Method: op.Key, Url: p.Key.Replace("{name}", "cam1", StringComparison.Ordinal))))
            .OrderBy(c => c.Method == "delete")
            .ToList();
        calls.Should().HaveCount(ApiRouteTable.Fixed.Count);
        foreach (var (method, url) in calls)
        {
            var body = method is "patch" || (method is "post" && url.Contains("/config/", StringComparison.Ordinal)) ? "{}" : null;
            var target = url.Replace("/add/cam1", "/add/cam2", StringComparison.Ordinal).Replace("/recordings/get/cam1", "/recordings/get/rec1", StringComparison.Ordinal);
            if (target.EndsWith("/deletesegment", StringComparison.Ordinal))
            {
                target += "?path=rec1&start=" + Uri.EscapeDataString(MediaBroker.Record.RecordTime.Format(start));
            }

            if (target.Contains("/paths/forward/", StringComparison.Ordinal))
            {
                target += "?path=cam1&id=" + Guid.NewGuid();
            }

            var (status, text) = await host.SendAsync(new HttpMethod(method.ToUpperInvariant()), target, body);
            if (url.Contains("/cluster/", StringComparison.Ordinal))
            {
                // Without cluster: yes the route says so (tests/Cluster read it from real nodes); here it must reach its handler.
                (text?["error"]?.GetValue<string>()).Should().Be("the cluster is disabled (cluster: no)", $"{method} {url} is documented");
                continue;
            }

            if (url.Contains("pushes/", StringComparison.Ordinal))
            {
                // Push routes need a running push or a body (tests/Push cover them): here they only have to reach their handler.
                (text?["error"]?.GetValue<string>()).Should().NotBe("not found", $"{method} {url} is documented");
                status.Should().NotBe(HttpStatusCode.MethodNotAllowed);
                continue;
            }

            // cam1 forwards nowhere here, so one of its destinations is a well-formed miss (Forward/ForwardInteropTests gets one).
            var expected = target.Contains("/paths/forward/get", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            status.Should().Be(expected, $"{method} {url} is documented");
        }
    }

    private sealed class TempDirectory(string path) : IDisposable
    {
        public void Dispose() => Directory.Delete(path, recursive: true);
    }

    /// <summary>Like a protocol's connection record: a deprecated computed field, and a flag that only splits the resources.</summary>
    public sealed record TlsSplitItem(Guid Id, long InboundBytes)
    {
        public long BytesReceived => InboundBytes;

        [JsonIgnore]
        public bool IsTls { get; init; }
    }
}
