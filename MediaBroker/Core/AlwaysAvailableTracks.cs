using MediaBroker.Codecs;
using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// Matches a publisher's tracks against the declared tracks of an always-available path: the same number, and codec by
/// codec the same codec with the same clock rate and channel layout, because readers keep the tracks they were given.
/// </summary>
internal static class AlwaysAvailableTracks
{
    /// <summary>
    /// For each offered track, the index of the declared track that carries it, or null with
    /// <paramref name="error"/> saying what differs.
    /// </summary>
    public static int[]? Map(string path, IReadOnlyList<Track> declared, IReadOnlyList<Track> offered, out string error)
    {
        error = "";
        if (offered.Count == declared.Count)
        {
            var map = new int[offered.Count];
            var used = new bool[declared.Count];
            var ok = true;
            for (var i = 0; i < offered.Count && ok; i++)
            {
                ok = false;
                for (var j = 0; j < declared.Count; j++)
                {
                    if (!used[j] && Compatible(declared[j].Codec, offered[i].Codec))
                    {
                        used[j] = true;
                        map[i] = j;
                        ok = true;
                        break;
                    }
                }
            }

            if (ok)
            {
                return map;
            }
        }

        // Names alone when they differ; with rates and channels when only those do.
        var sameNames = declared.Select(t => t.Codec.Name).Order(StringComparer.Ordinal)
            .SequenceEqual(offered.Select(t => t.Codec.Name).Order(StringComparer.Ordinal), StringComparer.Ordinal);
        error = $"path {path} is always available with tracks {Describe(declared, sameNames)}; the publisher has {Describe(offered, sameNames)}";
        return null;
    }

    public static string Describe(IReadOnlyList<Track> tracks, bool details) =>
        tracks.Count == 0 ? "no tracks" : string.Join(", ", tracks.Select(t => details ? Detail(t.Codec) : t.Codec.Name));

    private static bool Compatible(Codec a, Codec b) =>
        a.GetType() == b.GetType() && a.ClockRate == b.ClockRate && (a, b) switch
        {
            (Mpeg4AudioCodec x, Mpeg4AudioCodec y) => x.ChannelCount == y.ChannelCount,
            (OpusCodec x, OpusCodec y) => x.ChannelCount == y.ChannelCount,
            (G711Codec x, G711Codec y) => x.MuLaw == y.MuLaw && x.ChannelCount == y.ChannelCount,
            (LpcmCodec x, LpcmCodec y) => x.BitDepth == y.BitDepth && x.ChannelCount == y.ChannelCount,
            _ => true,
        };

    private static string Detail(Codec c) => c switch
    {
        Mpeg4AudioCodec a => $"{a.Name} {a.SampleRate} Hz {a.ChannelCount} ch",
        OpusCodec o => $"{o.Name} {o.ChannelCount} ch",
        G711Codec g => $"{g.Name} {(g.MuLaw ? "mu-law" : "A-law")} {g.SampleRate} Hz {g.ChannelCount} ch",
        LpcmCodec l => $"{l.Name} {l.BitDepth} bit {l.SampleRate} Hz {l.ChannelCount} ch",
        _ => c.Name,
    };
}
