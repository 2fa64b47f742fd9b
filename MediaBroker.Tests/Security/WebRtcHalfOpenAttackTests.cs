using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Hundreds of WHEP offers whose ICE and DTLS never start, against the real broker: every such session is closed by
/// <c>webrtcHandshakeTimeout</c> (3 s here) with its reason logged, memory stays bounded, and a real WHEP session
/// made during the attack receives the stream.
/// </summary>
public sealed class WebRtcHalfOpenAttackTests() : BrokerUnderAttackTests("webrtcHandshakeTimeout: 3s\napi: yes\npaths:\n  all_others:\n")
{
    private const int HalfOpen = 200;

    [RequiresFfmpegFact]
    public async Task HalfOpenWhepSessions_ClosedByHandshakeTimeout_MemoryBounded_RealSessionWorks()
    {
        var webrtc = await Broker.ListenerAsync("WebRTC");
        var api = await Broker.ListenerAsync("API");
        var whep = new Uri($"http://{webrtc}/legit/whep");
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        using var http = new HttpClient { Timeout = AttackHttp.Timeout, BaseAddress = new Uri($"http://{webrtc}/") };

        var fingerprint = "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32));
        var started = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(8);
        var created = await Task.WhenAll(Enumerable.Range(0, HalfOpen).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var content = new StringContent(WhepTestClient.Offer(IceCredentials.Generate(), fingerprint));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
                using var res = await http.PostAsync(whep, content);
                return res.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));
        created.Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.Created));

        // A real viewer during the attack.
        await using (var viewer = new WhepTestClient(http))
        {
            (await viewer.PostOfferAsync(whep)).Should().Be(HttpStatusCode.Created, viewer.Answer);
            await viewer.ConnectAsync().WaitAsync(AttackHttp.Timeout);
            var deadline = Stopwatch.GetTimestamp() + (long)(AttackHttp.Timeout.TotalSeconds * Stopwatch.Frequency);
            while (viewer.Packets(102) < 20 && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }

            viewer.Packets(102).Should().BeGreaterThanOrEqualTo(20, "the real session receives H264 during the attack");
        }

        // Every half-open session is gone once the handshake timeout has passed for the last of them.
        var sessionsLeft = -1;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(25))
        {
            var list = await http.GetStringAsync(new Uri($"http://{api}/v3/webrtcsessions/list"));
            sessionsLeft = System.Text.Json.JsonDocument.Parse(list).RootElement.GetProperty("itemCount").GetInt32();
            if (sessionsLeft == 0)
            {
                break;
            }

            await Task.Delay(250);
        }

        sessionsLeft.Should().Be(0, "webrtcHandshakeTimeout closes sessions that never connect");
        await Broker.Process.WaitForLineAsync(l => l.Contains("deadline exceeded while waiting connection", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        AttackLoad.RssBounded(before, pid, 150, $"{HalfOpen} half-open WebRTC sessions");
        Publisher.HasExited.Should().BeFalse(Publisher.Output);
    }
}
