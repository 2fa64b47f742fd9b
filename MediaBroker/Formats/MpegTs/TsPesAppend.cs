namespace MediaBroker.Formats.MpegTs;

/// <summary>What <see cref="TsElementaryStream.AppendPes"/> did with a payload.</summary>
internal enum TsPesAppend
{
    Appended,

    /// <summary>The PES would pass <see cref="TsElementaryStream.MaxPesSize"/>: dropped.</summary>
    TooLarge,

    /// <summary>The demuxer's streams would hold more than their shared budget: dropped.</summary>
    OverBudget,
}
