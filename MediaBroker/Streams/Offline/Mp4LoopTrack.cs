using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Streams.Offline;

/// <summary>
/// One track of an MP4 (a built-in clip or <c>alwaysAvailableFile</c>) played in a loop: samples are read when they
/// are due, never the whole file, and each loop adds the loop length to their times.
/// </summary>
internal sealed class Mp4LoopTrack : IOfflineTrack
{
    private readonly Mp4TrackDescription _track;
    private readonly Mp4SampleSource _source;
    private readonly long _loopTicks;
    private readonly long _firstDts;
    private int _index;
    private long _loop;

    /// <param name="loopSeconds">The length of one loop, the same for every track of a file so that they stay in sync.</param>
    public Mp4LoopTrack(Mp4TrackDescription track, Codec codec, Mp4SampleSource source, double loopSeconds)
    {
        if (track.Samples.Count == 0)
        {
            throw new InvalidDataException($"track {track.TrackId} has no samples");
        }

        _track = track;
        _source = source;
        Codec = codec;
        _firstDts = track.Samples[0].Dts;
        _loopTicks = Math.Max(1, (long)Math.Round(loopSeconds * codec.ClockRate));
    }

    public Codec Codec { get; }

    /// <summary>First sample to the end of the last one, in seconds.</summary>
    public static double DurationSeconds(Mp4TrackDescription track)
    {
        if (track.Samples.Count == 0)
        {
            return 0;
        }

        var last = track.Samples[^1];
        return (double)(last.Dts + last.Duration - track.Samples[0].Dts) / track.Timescale;
    }

    public void Restart()
    {
        _index = 0;
        _loop = 0;
    }

    public OfflineSample Next()
    {
        var s = _track.Samples[_index];
        var data = _source.Read(s.Offset, s.Size);
        var payloads = Mp4TrackCodecs.SplitSample(Codec, data)
            ?? throw new InvalidDataException($"sample {_index} of track {_track.TrackId} is malformed");
        var sample = new OfflineSample(
            Scale(s.Dts - _firstDts) + (_loop * _loopTicks),
            Scale(s.CompositionOffset),
            s.IsSync || Codec.Kind != MediaKind.Video,
            payloads);
        if (++_index == _track.Samples.Count)
        {
            _index = 0;
            _loop++;
        }

        return sample;
    }

    public void Dispose()
    {
    }

    private long Scale(long ticks) => ticks * Codec.ClockRate / _track.Timescale;
}
