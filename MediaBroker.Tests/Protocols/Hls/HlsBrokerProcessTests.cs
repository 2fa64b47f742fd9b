using System.Net;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>The HLS server inside the real executable: it listens where the config says and answers.</summary>
public sealed class HlsBrokerProcessTests
{
    [Fact]
    public async Task Broker_HlsEnabled_ListensAndAnswers404ForMissingPathAndServesPage()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var ep = await broker.ListenerAsync("HLS");
        using var http = new HttpClient();
        using var missing = await http.GetAsync(new Uri($"http://127.0.0.1:{ep.Port}/cam/index.m3u8")).WaitAsync(TimeSpan.FromSeconds(10));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{ep.Port}/cam/")).WaitAsync(TimeSpan.FromSeconds(10));
        page.Should().Contain("hls.min.js");
    }
}
