using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>
/// A 90-second soak against the real broker with the checks of the hour-long run (flat fds, sockets, threads and paths
/// after warm-up; managed memory only in the long run), no broker
/// error lines, every actor's sessions succeeding, stable readers without gaps, healthy readers not slowed by a stall.
/// </summary>
[Collection("BenchClip")]
public sealed class SoakSmokeTests
{
    [RequiresFfmpegFact]
    public async Task Soak_NinetySeconds_EveryCheckHoldsAndEveryActorRan()
    {
        var result = await SoakRunner.RunAsync(new SoakOptions
        {
            Minutes = 1.5,
            WarmupFraction = 0.5,
            Paths = 6,
            Readers = 14,
            ReloadEverySeconds = 2,
            SampleEverySeconds = 1,
            StallEverySeconds = 1000,
            StallSeconds = 8,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(5));

        // Managed memory is not judged here: in a 45 s window after warm-up the GC's budgets still grow by tens of MiB
        // (seen in CI: RSS +26, heap +18), which says nothing of a leak; the hour run judges it, and SoakSeriesTests
        // show the rule flags a steady growth. Every other series and check holds as in the long run.
        var why = string.Join("\n", result.Failures.Concat(result.FailureReasons).Concat(result.FirstBrokerErrors));
        result.Failures.Where(f => !f.StartsWith("rssMib ", StringComparison.Ordinal) && !f.StartsWith("gcHeapMib ", StringComparison.Ordinal))
            .Should().BeEmpty(why);
        result.Samples.Should().HaveCountGreaterOrEqualTo(40, "one sample a second after start-up");
        result.Series.Select(s => s.Name).Should().BeEquivalentTo(SoakSample.SeriesNames);
        result.Samples.Should().OnlyContain(s => s.RssMib > 0 && s.GcHeapMib > 0 && s.Fds > 0 && s.Sockets > 0 && s.Threads > 0);
        result.StableReaders.Select(r => r.Reader.Split(' ')[0]).Should().BeEquivalentTo(SoakActors.ReaderKindNames, "one stable reader of every kind");
        foreach (var kind in SoakActors.ReaderKindNames)
        {
            result.Events.GetValueOrDefault($"reader sessions {kind}").Should().BePositive($"{kind} readers came and went");
        }

        foreach (var kind in new[] { "rtmp", "rtsp", "srt" })
        {
            result.Events.GetValueOrDefault($"publisher sessions {kind}").Should().BePositive($"{kind} publishers came and went");
        }

        (result.Events.GetValueOrDefault("publishers killed mid-frame rtmp") + result.Events.GetValueOrDefault("publishers killed mid-frame rtsp"))
            .Should().BePositive();
        result.Events.GetValueOrDefault("config file reloads").Should().BeGreaterOrEqualTo(2);
        result.Events.GetValueOrDefault("API config changes").Should().BeGreaterOrEqualTo(2);
        foreach (var kind in StalledReaders.Kinds.Split(','))
        {
            result.Events.GetValueOrDefault($"stalled readers {kind}").Should().Be(1, $"one {kind} reader stalled with media flowing");
        }

        result.Stalls.Should().Be(1);
        result.LatencySamplesDuring.Should().BePositive();
        result.LatencySamplesBefore.Should().BePositive();
    }
}
