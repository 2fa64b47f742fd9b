using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;

namespace MediaBroker.Protocols.Hls.Client;

/// <summary>
/// Turns fMP4 HLS segments into units: the init section (EXT-X-MAP) gives the tracks, each segment's moof/mdat the
/// samples. Decode times come from each fragment's tfdt, so they run on across segments; one offset, taken from the
/// first segment, makes the stream start near zero. Not thread-safe: one source task feeds it.
/// </summary>
internal sealed class HlsFmp4Ingest(Func<IReadOnlyList<Track>, MediaStream> start)
{
    private byte[]? _init;
    private Dictionary<int, (Track Track, int Timescale)> _tracks = [];
    private double? _originSeconds;

    public MediaStream? Stream { get; private set; }

    /// <summary>Feeds one segment and the init section it was listed with.</summary>
    /// <exception cref="Mp4ProtocolException">The data is not fMP4.</exception>
    /// <exception cref="InvalidDataException">No supported track, or the init section changed mid-stream (the source restarts).</exception>
    public void Push(byte[] init, byte[] segment)
    {
        if (_init is null)
        {
            Announce(init);
        }
        else if (!_init.AsSpan().SequenceEqual(init))
        {
            throw new InvalidDataException("the fMP4 init section changed");
        }

        var file = new byte[init.Length + segment.Length];
        init.CopyTo(file, 0);
        segment.CopyTo(file, init.Length);
        var movie = Mp4FileReader.Read(file);
        var samples = new List<(Track Track, int Timescale, Mp4SampleInfo Sample)>();
        foreach (var t in movie.Tracks)
        {
            if (_tracks.TryGetValue(t.TrackId, out var known))
            {
                samples.AddRange(t.Samples.Select(s => (known.Track, known.Timescale, s)));
            }
        }

        if (samples.Count == 0)
        {
            return;
        }

        samples.Sort((a, b) => (a.Sample.Dts / (double)a.Timescale).CompareTo(b.Sample.Dts / (double)b.Timescale));
        _originSeconds ??= samples[0].Sample.Dts / (double)samples[0].Timescale;
        var memory = file.AsMemory();
        foreach (var (track, timescale, s) in samples)
        {
            var payloads = Mp4TrackCodecs.SplitSample(track.Codec, memory.Slice((int)s.Offset, s.Size));
            if (payloads is null || payloads.Length == 0)
            {
                Stream?.ReportFrameInError();
                continue;
            }

            var origin = (long)Math.Round(_originSeconds.Value * track.ClockRate);
            Stream?.WriteUnit(new Unit
            {
                Track = track,
                Dts = Rescale(s.Dts, timescale, track.ClockRate) - origin,
                Pts = Rescale(s.Pts, timescale, track.ClockRate) - origin,
                NtpTime = DateTime.UtcNow,
                IsRandomAccess = s.IsSync,
                Payloads = payloads,
            });
        }
    }

    private void Announce(byte[] init)
    {
        var movie = Mp4FileReader.Read(init);
        var tracks = new Dictionary<int, (Track, int)>();
        foreach (var t in movie.Tracks)
        {
            if (Mp4TrackCodecs.TryGetCodec(t) is { } codec)
            {
                tracks[t.TrackId] = (new Track(tracks.Count, codec), t.Timescale);
            }
        }

        if (tracks.Count == 0)
        {
            throw new InvalidDataException("the fMP4 init section has no supported track");
        }

        _init = init;
        _tracks = tracks;
        Stream = start([.. tracks.Values.Select(v => v.Item1)]);
    }

    private static long Rescale(long value, int from, int to) => from == to ? value : (long)((Int128)value * to / from);
}
