namespace MediaBroker.Bench;

/// <summary>The numbers of one record run: the same broker and publishers, first with recording off, then on.</summary>
internal sealed record RecordResult
{
    public required int Streams { get; init; }

    public required string Format { get; init; }

    public required string Segment { get; init; }

    public required string Part { get; init; }

    public required double WindowSeconds { get; init; }

    /// <summary>Broker CPU with N publishers and <c>record: no</c>, in cores.</summary>
    public required double OffCores { get; init; }

    /// <summary>Broker CPU with the same publishers and <c>record: yes</c>, in cores.</summary>
    public required double OnCores { get; init; }

    /// <summary>(on - off) / N: what recording one stream costs, in cores.</summary>
    public required double RecordCoresPerStream { get; init; }

    /// <summary>The same, in ms of CPU per second.</summary>
    public required double RecordMsPerSecPerStream { get; init; }

    /// <summary>Broker CPU per stream with recording on (publisher and recorder), in ms of CPU per second.</summary>
    public required double OnMsPerSecPerStream { get; init; }

    /// <summary>Sum of file sizes under the record directory, growth per second over the recording window.</summary>
    public required double WrittenKibPerSec { get; init; }

    /// <summary>Write rate per stream in kbit/s, to set against <see cref="SourceKbps"/>.</summary>
    public required double WrittenKbpsPerStream { get; init; }

    public required double SourceKbps { get; init; }

    /// <summary>Files under the record directory at the end of the window (segments, the open one included).</summary>
    public required int FilesCreated { get; init; }

    /// <summary>Recording time the segments cover in total (N streams × window): the "compressed hours".</summary>
    public required double RecordedHours { get; init; }

    public required double RssStartMib { get; init; }

    public required double RssMaxMib { get; init; }

    public required double RssEndMib { get; init; }

    /// <summary>Least-squares slope of RSS over the recording window.</summary>
    public required double RssSlopeMibPerMin { get; init; }

    public required IReadOnlyList<double> RssSamplesMib { get; init; }

    /// <summary>Paths ready at the end of the off window.</summary>
    public required int ReadyBeforeOn { get; init; }

    /// <summary>Paths still ready at the end (a publisher that died shows up here).</summary>
    public required int ReadyAtEnd { get; init; }

    public required int PublishersExited { get; init; }

    public string? FirstPublisherError { get; init; }

    /// <summary>Broker log lines at warning or error level over the whole run.</summary>
    public required int BrokerWarnings { get; init; }

    public string? FirstBrokerWarning { get; init; }

    /// <summary>ffmpeg publishers alive at both ends of the recording window, together, in cores.</summary>
    public required double PublisherCores { get; init; }
}
