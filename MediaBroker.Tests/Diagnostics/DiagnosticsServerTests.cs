using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Diagnostics;

/// <summary>The pprof-keyed diagnostics server of the real executable: reports, traces a .NET tool can open, limits, auth.</summary>
public sealed class DiagnosticsServerTests
{
    [Fact]
    public async Task Pprof_ServesReportsAndANettraceOfTheRequestedLength()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "pprof: yes\n");
        var ep = await broker.ListenerAsync("pprof");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{ep}"), Timeout = TimeSpan.FromSeconds(60) };

        (await http.GetStringAsync("/debug/pprof/")).Should().Contain("profile?seconds=30").And.Contain("dump?type=");
        var heap = Report(await http.GetStringAsync("/debug/pprof/heap?gc=1"));
        heap["heap_size_bytes"].Should().BeGreaterThan(100_000);
        heap["gen2_collections"].Should().BeGreaterThanOrEqualTo(1, "?gc=1 collects before reporting");
        heap["working_set_bytes"].Should().BeGreaterThan(heap["heap_size_bytes"]);
        var threads = Report((await http.GetStringAsync("/debug/pprof/goroutine")).Split("\n\n")[0]);
        threads["process_threads"].Should().BeGreaterThan(1);
        (await http.GetStringAsync("/debug/pprof/cmdline")).Should().Contain("mediabroker.yml");

        var started = DateTime.UtcNow;
        using var trace = await http.GetAsync("/debug/pprof/profile?seconds=2", HttpCompletionOption.ResponseHeadersRead);
        trace.StatusCode.Should().Be(HttpStatusCode.OK);
        trace.Content.Headers.ContentDisposition!.FileName.Should().Contain(".nettrace");

        // While it runs, a second trace is refused instead of piling up work in the diagnosed process.
        using (var second = await http.GetAsync("/debug/pprof/trace?seconds=1"))
        {
            second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        var bytes = await trace.Content.ReadAsByteArrayAsync();
        (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromSeconds(1.9), "the trace lasts as long as asked");
        bytes.Length.Should().BeGreaterThan(10_000, "two seconds of samples with method rundown");
        Encoding.ASCII.GetString(bytes, 0, 8).Should().Be("Nettrace", "the EventPipe file format's magic, which PerfView and dotnet-trace read");

        // The same server is free again once the first trace ended.
        using var events = await http.GetAsync("/debug/pprof/trace?seconds=1");
        events.StatusCode.Should().Be(HttpStatusCode.OK);
        Encoding.ASCII.GetString(await events.Content.ReadAsByteArrayAsync(), 0, 8).Should().Be("Nettrace");
    }

    [Theory]
    [InlineData("/debug/pprof/profile?seconds=0", HttpStatusCode.BadRequest)]
    [InlineData("/debug/pprof/trace?seconds=601", HttpStatusCode.BadRequest)]
    [InlineData("/debug/pprof/allocs?seconds=x", HttpStatusCode.BadRequest)]
    [InlineData("/debug/pprof/dump?type=huge", HttpStatusCode.BadRequest)]
    [InlineData("/debug/pprof/nothing", HttpStatusCode.NotFound)]
    public async Task Pprof_BadRequests_ClearErrors(string url, HttpStatusCode expected)
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "pprof: yes\n");
        var ep = await broker.ListenerAsync("pprof");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{ep}") };
        using var response = await http.GetAsync(url);
        response.StatusCode.Should().Be(expected);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"error\"");
    }

    [Fact]
    public async Task Pprof_RequiresThePprofAction()
    {
        const string Users = """
            authInternalUsers:
            - user: ops
              pass: secret
              permissions: [{action: pprof}]
            - user: viewer
              pass: view
              permissions: [{action: read}]

            """;
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "pprof: yes\n" + Users);
        var ep = await broker.ListenerAsync("pprof");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{ep}") };

        using (var anonymous = await http.GetAsync("/debug/pprof/heap"))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var viewer = await Get(http, "/debug/pprof/heap", "viewer:view"))
        {
            viewer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var ops = await Get(http, "/debug/pprof/heap", "ops:secret");
        ops.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ops.Content.ReadAsStringAsync()).Should().Contain("heap_size_bytes");
    }

    [Fact]
    public async Task Pprof_Off_NothingListens()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners);
        var rtsp = await broker.ListenerAsync("RTSP");
        rtsp.Port.Should().BeGreaterThan(0);
        broker.Process.Output.Should().NotContain("pprof listener opened");
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string url, string userPass)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass)));
        return http.SendAsync(request);
    }

    private static Dictionary<string, double> Report(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
}
