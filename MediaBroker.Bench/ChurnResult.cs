namespace MediaBroker.Bench;

/// <summary>The numbers of one churn run.</summary>
internal sealed record ChurnResult
{
    public required string Proto { get; init; }

    public required int Connections { get; init; }

    public required int Concurrency { get; init; }

    public required double Seconds { get; init; }

    public required double ConnectionsPerSec { get; init; }

    /// <summary>Connections that saw no media within the timeout, or ended with an error before it.</summary>
    public required int Failures { get; init; }

    /// <summary>Broker CPU (utime + stime) over the churn divided by connections: robust to other load on the machine.</summary>
    public required double BrokerCpuMsPerConnection { get; init; }

    /// <summary>Publisher only, before the first churned connection.</summary>
    public required double RssBaselineMib { get; init; }

    public required double RssPeakMib { get; init; }

    /// <summary>Right after the last connection closed.</summary>
    public required double RssAfterLastMib { get; init; }

    /// <summary><see cref="ChurnOptions.SettleSeconds"/> after the last connection.</summary>
    public required double RssEndMib { get; init; }

    /// <summary>(end − baseline) per 1000 connections.</summary>
    public required double RssGrowthKibPer1000 { get; init; }

    /// <summary>(end − RSS after the first sample) per 1000 connections: the trend once warm-up (JIT, pools, heap growth) is over.</summary>
    public required double RssGrowthKibPer1000AfterWarmup { get; init; }

    /// <summary>Reader sessions the broker still lists at the end (should be 0).</summary>
    public required int BrokerSessionsLeft { get; init; }

    /// <summary>Readers the broker's paths still list at the end (should be 0).</summary>
    public required int PathReadersLeft { get; init; }

    /// <summary>RSS in MiB after every <see cref="ChurnOptions.SampleEvery"/> connections.</summary>
    public required IReadOnlyList<double> RssSamplesMib { get; init; }

    public string? FirstError { get; init; }
}
