using MediaBroker.Conf;

namespace MediaBroker.Core;

/// <summary>
/// How a TCP reader's writer merges its sends (path key <c>readerBatchDuration</c>): it writes what its queue holds
/// once per <see cref="Duration"/>, in one gathered send, instead of once per frame. Zero writes each frame at once.
/// With <see cref="AutoAboveReaders"/> the batching applies only while the fan-out has more readers than that.
/// </summary>
public readonly record struct ReaderBatch(TimeSpan Duration, int AutoAboveReaders = 0)
{
    /// <summary>The value <c>auto</c> stands for: SRS's default merged-write latency...</summary>
    public static readonly TimeSpan AutoDuration = TimeSpan.FromMilliseconds(350);

    /// <summary>...once more than this many readers of one protocol read the path; fewer keep per-frame writes.</summary>
    public const int AutoReaders = 50;

    public static ReaderBatch None => default;

    public bool IsEnabled => Duration > TimeSpan.Zero;

    /// <summary>Reads the key's value (<c>0s</c>, <c>350ms</c>, <c>auto</c>); false when it is neither a duration nor auto.</summary>
    public static bool TryParse(string value, out ReaderBatch batch)
    {
        if (value.Trim() == "auto")
        {
            batch = new ReaderBatch(AutoDuration, AutoReaders);
            return true;
        }

        if (ConfValues.TryParseDuration(value, out var d) && d >= TimeSpan.Zero)
        {
            batch = new ReaderBatch(d);
            return true;
        }

        batch = default;
        return false;
    }

    /// <summary>The path's setting; values the validator refused never get here, anything else means off.</summary>
    public static ReaderBatch Of(PathConf conf) => TryParse(conf.ReaderBatchDuration, out var b) ? b : None;
}
