using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>
/// The stalls scenario briefly against the real broker, every stall kind in turn: each stalled reader is proven stalled,
/// listed by the broker and gone at the end, and neither the healthy readers' latency nor the publisher's send delay on
/// its path rose by more than the bound over the phase before and the control path. Its 6 s stalls are shorter than the
/// broker's socket buffer to a stalled reader takes to fill, so it does not yet catch a fan-out that waits on a full
/// reader queue (see docs/benchmarks.md, "Stalled readers").
/// </summary>
[Collection("BenchClip")]
public sealed class StallsSmokeTests
{
    [RequiresFfmpegFact]
    public async Task Stalls_EveryKind_ProvenStalledDroppedOrClosed_AndNobodyElseDelayed()
    {
        var result = await StallsRunner.RunAsync(new StallsOptions
        {
            Seconds = 6,
            BeforeSeconds = 4,
            Readers = 2,
            // A third of the 6 s stall: a publisher or reader held up by the stalled reader waits out most of the stall,
            // while a test host busy with the suite's other classes has delayed one publisher's writes by ~0.9 s (CI).
            BoundMs = 2000,
            GoneTimeoutSeconds = 90,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(8));

        var why = Report.Markdown(result);
        result.Failures.Should().BeEmpty(why);
        result.Kinds.Select(k => k.Kind).Should().Equal(StalledReaders.Kinds.Split(','));
        foreach (var k in result.Kinds)
        {
            k.Proof.Should().NotBeNull(why);
            k.BrokerListed.Should().BePositive(why);
            k.GoneAfterSeconds.Should().NotBeNull(why);
            k.ReadDuring.Samples.Should().BePositive(why);
            k.SendDuring.Samples.Should().BePositive(why);
        }

        // The vanished UDP readers are still listed when their stall ends: the broker is sending into nothing until
        // consent freshness (WebRTC, 30 s) or the RTSP session timeout (60 s) drops them.
        foreach (var vanished in new[] { "webrtc", "rtsp-udp" })
        {
            result.Kinds.Single(k => k.Kind == vanished).StillListedAtEnd.Should().BePositive(why);
        }
    }
}
