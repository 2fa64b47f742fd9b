using System.Buffers;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;

namespace MediaBroker.Tests.Formats.Fmp4;

/// <summary>Turns the ffmpeg captures in TestData/Fmp4 into units, as a publisher would deliver them, and re-muxes them.</summary>
internal static class Fmp4TestMedia
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Fmp4", name);

    public static byte[] Load(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>Source tracks, their core tracks, and all units interleaved by decode time.</summary>
    public static Source Demux(string name)
    {
        var bytes = Load(name);
        var movie = Mp4FileReader.Read(bytes);
        var tracks = new List<Track>();
        var perTrack = new List<List<Unit>>();
        foreach (var t in movie.Tracks)
        {
            var codec = Mp4TrackCodecs.TryGetCodec(t) ?? throw new InvalidOperationException($"unsupported {t}");
            var track = new Track(tracks.Count, codec);
            tracks.Add(track);
            var units = new List<Unit>();
            foreach (var s in t.Samples)
            {
                var payloads = Mp4TrackCodecs.SplitSample(codec, bytes.AsMemory((int)s.Offset, s.Size)) ?? throw new InvalidOperationException("bad sample");
                units.Add(new Unit
                {
                    Track = track,
                    Dts = Fmp4Time.Rescale(s.Dts, t.Timescale, codec.ClockRate),
                    Pts = Fmp4Time.Rescale(s.Pts, t.Timescale, codec.ClockRate),
                    IsRandomAccess = s.IsSync,
                    Payloads = payloads,
                });
            }

            perTrack.Add(units);
        }

        var all = perTrack.SelectMany(u => u).OrderBy(u => (double)u.Dts / u.Track.ClockRate).ThenBy(u => u.Track.Id).ToList();
        return new Source(bytes, movie, tracks, perTrack, all);
    }

    public static List<Fmp4TrackInfo> TrackInfos(Source src)
    {
        var infos = new List<Fmp4TrackInfo>();
        foreach (var t in src.Tracks)
        {
            var status = Fmp4TrackInfo.TryCreate(t.Id + 1, t.Codec, src.UnitsByTrack[t.Id][0], out var info);
            if (status != Fmp4TrackStatus.Ready)
            {
                throw new InvalidOperationException($"{t}: {status}");
            }

            infos.Add(info!);
        }

        return infos;
    }

    /// <summary>Init segment + ~200 ms fragments (cut on the first track's ready duration), final flush with explicit durations.</summary>
    public static byte[] Remux(Source src, IReadOnlyList<Fmp4TrackInfo> infos, ReadOnlySpan<long> finalDurations = default, double partSeconds = 0.2)
    {
        var output = new ArrayBufferWriter<byte>();
        Fmp4InitWriter.Write(output, infos);
        var writer = new Fmp4FragmentWriter(infos);
        foreach (var u in src.Units)
        {
            writer.Add(u.Track.Id, u);
            if (writer.ReadyDuration(0) >= partSeconds * infos[0].Timescale)
            {
                writer.Write(output);
            }
        }

        writer.WriteFinal(output, finalDurations);
        return output.WrittenSpan.ToArray();
    }

    public sealed record Source(byte[] Bytes, Mp4Movie Movie, List<Track> Tracks, List<List<Unit>> UnitsByTrack, List<Unit> Units);
}
