namespace MediaBroker.Bench;

/// <summary>The numbers of one publishers run.</summary>
internal sealed record PublishersResult
{
    public required string Proto { get; init; }

    public required int Streams { get; init; }

    public required double SteadySeconds { get; init; }

    /// <summary>Broker (or external server) CPU over the steady window, in cores.</summary>
    public required double BrokerCores { get; init; }

    /// <summary>Broker CPU with no publisher at all, in cores.</summary>
    public required double EmptyBrokerCores { get; init; }

    /// <summary>Broker CPU per stream (its publisher and its one reader), in ms of CPU per second.</summary>
    public required double CpuMsPerSecPerStream { get; init; }

    public required double RssMib { get; init; }

    /// <summary>RSS with no publisher at all.</summary>
    public required double EmptyRssMib { get; init; }

    public required double RssKibPerStream { get; init; }

    public required int Stalled { get; init; }

    public required int Failed { get; init; }

    /// <summary>Frames the broker discarded for the readers (its API); null for an external server, which has no API the tool reads.</summary>
    public long? BrokerDrops { get; init; }

    public required double SourceKbps { get; init; }

    public required double MeanReaderKbps { get; init; }

    public required double MinReaderKbps { get; init; }

    /// <summary>All ffmpeg publishers together, in cores.</summary>
    public required double PublisherCores { get; init; }

    public required double ToolCores { get; init; }

    public string? FirstError { get; init; }
}
