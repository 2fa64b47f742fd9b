using System.Net;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Record;
using MediaBroker.Tests.Record;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiRecordingsRoutesTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 30, 10, 0, 0, 123456 / 1000, DateTimeKind.Utc);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mb-apirec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task ListGetDeleteSegment_RoundTrip()
    {
        var recordPath = Path.Combine(_dir, "%path", "%Y-%m-%d_%H-%M-%S-%f");
        var template = new RecordPathTemplate(recordPath, "fmp4");
        var starts = new[] { T0.AddTicks(4560), T0.AddSeconds(3), T0.AddHours(1) };
        foreach (var name in new[] { "cam1", "live/cam2" })
        {
            foreach (var start in starts)
            {
                var file = template.Format(name, start);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllBytesAsync(file, []);
            }
        }

        await using var host = await ApiTestHost.StartAsync(Core.TestPaths.Conf(
            new PathConf { Name = "cam1", RecordPath = recordPath }, new PathConf { Name = "all_others", RecordPath = recordPath }));

        var (status, list) = await host.GetAsync("/v3/recordings/list?itemsPerPage=1");
        status.Should().Be(HttpStatusCode.OK);
        list!["itemCount"]!.GetValue<int>().Should().Be(2);
        list["pageCount"]!.GetValue<int>().Should().Be(2);
        list["items"]![0]!["name"]!.GetValue<string>().Should().Be("cam1");
        list["items"]![0]!["segments"]!.AsArray().Select(s => s!["start"]!.GetValue<string>())
            .Should().Equal(starts.Select(RecordTime.Format));

        (status, var item) = await host.GetAsync("/v3/recordings/get/live/cam2");
        status.Should().Be(HttpStatusCode.OK);
        item!["name"]!.GetValue<string>().Should().Be("live/cam2");
        item["segments"]!.AsArray().Should().HaveCount(3);

        var url = "/v3/recordings/deletesegment?path=live/cam2&start=" + Uri.EscapeDataString(RecordTime.Format(starts[0]));
        (status, _) = await host.SendAsync(HttpMethod.Delete, url);
        status.Should().Be(HttpStatusCode.OK);
        File.Exists(template.Format("live/cam2", starts[0])).Should().BeFalse();
        (status, _) = await host.SendAsync(HttpMethod.Delete, url);
        status.Should().Be(HttpStatusCode.NotFound);

        (_, item) = await host.GetAsync("/v3/recordings/get/live/cam2");
        item!["segments"]!.AsArray().Select(s => s!["start"]!.GetValue<string>()).Should().Equal(starts.Skip(1).Select(RecordTime.Format));
    }

    [Theory]
    [InlineData("DELETE", "/v3/recordings/deletesegment?path=../etc&start=2026-11-30T10:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/v3/recordings/deletesegment?path=cam1&start=noon", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/v3/recordings/deletesegment?path=cam1&start=2026-11-30T10:00:00Z", HttpStatusCode.NotFound)]
    [InlineData("GET", "/v3/recordings/get/cam1", HttpStatusCode.NotFound)]
    [InlineData("GET", "/v3/recordings/get/..%2Fetc", HttpStatusCode.BadRequest)]
    public async Task Routes_BadOrMissing_ErrorStatus(string method, string url, HttpStatusCode expected)
    {
        var recordPath = Path.Combine(_dir, "%path", "%Y-%m-%d_%H-%M-%S-%f");
        await using var host = await ApiTestHost.StartAsync(Core.TestPaths.Conf(new PathConf { Name = "all_others", RecordPath = recordPath }));

        var (status, body) = await host.SendAsync(new HttpMethod(method), url);

        status.Should().Be(expected);
        body!["error"]!.GetValue<string>().Should().NotBeEmpty();
    }
}
