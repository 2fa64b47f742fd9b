using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using MediaBroker.Streams.Offline;

namespace MediaBroker.Streams.Files;

/// <summary>
/// An MP4/MOV file (progressive or fragmented): the sample tables are read once, then samples one at a time with
/// positioned reads, interleaved across tracks by decode time.
/// </summary>
internal sealed class Mp4FileUnitReader : IFileUnitReader
{
    private readonly Mp4SampleSource _source;
    private readonly Mp4TrackDescription[] _descriptions;
    private readonly int[] _next;
    private readonly string _name;
    private long _position;

    public Mp4FileUnitReader(string file)
    {
        _name = file;
        _source = Mp4SampleSource.OpenFile(file);
        try
        {
            var movie = _source.ReadMovie();
            var tracks = new List<Track>();
            var descriptions = new List<Mp4TrackDescription>();
            foreach (var t in movie.Tracks)
            {
                if (t.Samples.Count == 0)
                {
                    continue;
                }

                var codec = Mp4TrackCodecs.TryGetCodec(t)
                    ?? throw new InvalidDataException($"{file}: track {t.TrackId} ({Mp4BoxTypes.ToText(t.SampleEntryType)}) has a codec MediaBroker cannot carry");
                tracks.Add(new Track(tracks.Count, codec));
                descriptions.Add(t);
            }

            if (tracks.Count == 0)
            {
                throw new InvalidDataException($"{file} has no track with samples");
            }

            Tracks = tracks;
            _descriptions = [.. descriptions];
            _next = new int[_descriptions.Length];
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Track> Tracks { get; }

    /// <summary>The sample tables, in <see cref="Tracks"/> order (for cutting the file into segments).</summary>
    public IReadOnlyList<Mp4TrackDescription> Descriptions => _descriptions;

    /// <summary>The decode time of the sample returned last, in microseconds (rounded down).</summary>
    public long Position => _position;

    /// <summary>Moves every track to its first sample whose decode time is at or after <paramref name="position"/> microseconds.</summary>
    public void Seek(long position) => SeekSeconds(position / 1e6);

    /// <summary>The decode time in microseconds of a sample, rounded down, so that seeking there finds that sample.</summary>
    public static long PositionOf(long dts, int timescale) => (long)Math.Floor(dts * 1e6 / timescale);

    /// <summary>Moves every track to its first sample whose decode time is at or after <paramref name="seconds"/>.</summary>
    public void SeekSeconds(double seconds)
    {
        for (var i = 0; i < _descriptions.Length; i++)
        {
            var samples = _descriptions[i].Samples;
            var target = (long)Math.Ceiling((seconds * _descriptions[i].Timescale) - 1e-6); // the cut times come from these tables: no rounding past them
            int lo = 0, hi = samples.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (samples[mid].Dts < target)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            _next[i] = lo;
        }
    }

    /// <summary>The decode time in seconds of the unit <see cref="Next"/> would return, or null at the end.</summary>
    public double? PeekSeconds() => Earliest(out var seconds) < 0 ? null : seconds;

    public Unit? Next()
    {
        var best = Earliest(out _);
        if (best < 0)
        {
            return null;
        }

        var track = Tracks[best];
        var description = _descriptions[best];
        var s = description.Samples[_next[best]++];
        var payloads = Mp4TrackCodecs.SplitSample(track.Codec, _source.Read(s.Offset, s.Size))
            ?? throw new InvalidDataException($"{_name}: sample {_next[best]} of track {description.TrackId} is malformed");
        var dts = Scale(s.Dts, description.Timescale, track.ClockRate);
        _position = PositionOf(s.Dts, description.Timescale);
        return new Unit
        {
            Track = track,
            Dts = dts,
            Pts = dts + Scale(s.CompositionOffset, description.Timescale, track.ClockRate),
            IsRandomAccess = s.IsSync || track.Kind != MediaKind.Video,
            Payloads = payloads,
            NtpTime = DateTime.UtcNow,
        };
    }

    public void Dispose() => _source.Dispose();

    /// <summary>Ticks of clock <paramref name="from"/> in clock <paramref name="to"/>, rounded as <see cref="Next"/> converts sample times.</summary>
    public static long Scale(long ticks, int from, int to) => from == to ? ticks : (long)Math.Round((double)ticks * to / from);

    /// <summary>The track whose next sample decodes first, or -1 when every track is done.</summary>
    private int Earliest(out double bestSeconds)
    {
        var best = -1;
        bestSeconds = double.MaxValue;
        for (var i = 0; i < _descriptions.Length; i++)
        {
            var d = _descriptions[i];
            if (_next[i] < d.Samples.Count)
            {
                var seconds = (double)d.Samples[_next[i]].Dts / d.Timescale;
                if (seconds < bestSeconds)
                {
                    best = i;
                    bestSeconds = seconds;
                }
            }
        }

        return best;
    }
}