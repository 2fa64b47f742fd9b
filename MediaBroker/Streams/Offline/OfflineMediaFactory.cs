using System.Collections.Concurrent;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Streams.Offline;

/// <summary>
/// The offline media of always-available paths: <c>alwaysAvailableFile</c> when set (all of its tracks, looped), else
/// for each of <c>alwaysAvailableTracks</c> the built-in "stream is offline" clip of its video codec or silence for its
/// audio codec. The clips are small MP4 files embedded in the assembly (Clips/README.md says how they were made).
/// </summary>
public sealed class OfflineMediaFactory : IOfflineMediaFactory
{
    private readonly ConcurrentDictionary<string, byte[]> _clips = new(StringComparer.Ordinal);

    public IOfflineMedia Create(PathConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.AlwaysAvailableFile.Length != 0 ? FromFile(conf.AlwaysAvailableFile) : FromTracks(conf.AlwaysAvailableTracks);
    }

    /// <summary>The codec a declared track stands for (audio from its parameters; video from its built-in clip).</summary>
    internal Codec DeclaredCodec(AlwaysAvailableTrackConf track) => track.Codec switch
    {
        "MPEG4Audio" => new Mpeg4AudioCodec(AudioSpecificConfig.Build(2, track.SampleRate, track.ChannelCount), track.SampleRate, track.ChannelCount),
        "Opus" => new OpusCodec(track.ChannelCount == 1 ? 1 : 2),
        "G711" => new G711Codec(track.MuLaw, track.SampleRate, track.ChannelCount),
        "LPCM" => new LpcmCodec(16, track.SampleRate, track.ChannelCount),
        _ => throw new InvalidDataException($"{track.Codec} is not an audio codec"),
    };

    private static OfflineMedia FromFile(string path)
    {
        var source = Mp4SampleSource.OpenFile(path);
        try
        {
            var movie = source.ReadMovie();
            var usable = new List<(Mp4TrackDescription Track, Codec Codec)>();
            foreach (var t in movie.Tracks)
            {
                var codec = Mp4TrackCodecs.TryGetCodec(t)
                    ?? throw new InvalidDataException($"{path}: track {t.TrackId} ({Mp4BoxTypes.ToText(t.SampleEntryType)}) has a codec MediaBroker cannot carry");
                if (t.Samples.Count != 0)
                {
                    usable.Add((t, codec));
                }
            }

            if (usable.Count == 0)
            {
                throw new InvalidDataException($"{path} has no track with samples");
            }

            var loop = usable.Max(u => Mp4LoopTrack.DurationSeconds(u.Track));
            return new OfflineMedia([.. usable.Select(u => new Mp4LoopTrack(u.Track, u.Codec, source, loop))], source);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private OfflineMedia FromTracks(IReadOnlyList<AlwaysAvailableTrackConf> declared)
    {
        var tracks = new List<IOfflineTrack>();
        foreach (var d in declared)
        {
            if (d.Codec is "H264" or "H265" or "VP9" or "AV1")
            {
                var bytes = _clips.GetOrAdd(d.Codec, LoadClip);
                var source = Mp4SampleSource.FromMemory(bytes, "the built-in " + d.Codec + " clip");
                var movie = source.ReadMovie();
                var video = movie.Tracks[0];
                var codec = Mp4TrackCodecs.TryGetCodec(video) ?? throw new InvalidDataException($"the built-in {d.Codec} clip is unreadable");
                tracks.Add(new Mp4LoopTrack(video, codec, source, Mp4LoopTrack.DurationSeconds(video)));
            }
            else
            {
                tracks.Add(SilenceTrack.Create(DeclaredCodec(d)));
            }
        }

        return new OfflineMedia(tracks);
    }

    private static byte[] LoadClip(string codec)
    {
        var name = "MediaBroker.Offline.offline-" + codec.ToLowerInvariant() + ".mp4";
        using var stream = typeof(OfflineMediaFactory).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"the built-in clip {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
