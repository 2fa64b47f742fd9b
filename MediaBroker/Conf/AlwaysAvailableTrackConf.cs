namespace MediaBroker.Conf;

/// <summary>One item of <c>alwaysAvailableTracks</c>: a track of the offline stream shown while no publisher is present.</summary>
public sealed record AlwaysAvailableTrackConf
{
    [ConfOneOf("AV1", "VP9", "H265", "H264", "Opus", "MPEG4Audio", "G711", "LPCM")]
    public string Codec { get; init; } = "";
    public int SampleRate { get; init; }
    public int ChannelCount { get; init; }

    /// <summary>G711 only: mu-law when true, A-law when false.</summary>
    public bool MuLaw { get; init; }
}
