namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// A track whose samples are copied from existing MP4 files into new output: its sample entry box as read
/// (<see cref="Mp4TrackDescription.SampleDescriptionBox"/>), and its samples with decode times already on the output
/// timeline (their <see cref="Mp4SampleInfo.Offset"/> is ignored by the writers; the caller copies the bytes).
/// </summary>
public sealed record Mp4CopyTrack(Mp4TrackDescription Source, IReadOnlyList<Mp4SampleInfo> Samples)
{
    public bool IsVideo => Source.HandlerType == 0x76696465;

    /// <summary>End of the last sample minus the first decode time, in the track timescale.</summary>
    public long Duration => Samples.Count == 0 ? 0 : Samples[^1].Dts + Samples[^1].Duration - Samples[0].Dts;
}
