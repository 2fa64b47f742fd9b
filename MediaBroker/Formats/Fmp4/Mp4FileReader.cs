using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Reads a whole MP4 held in memory, regular (stbl sample tables) or fragmented (moov + moof/traf/trun), into
/// tracks and per-sample offsets, times and flags. I/O-free; malformed or truncated input throws
/// <see cref="Mp4ProtocolException"/> and nothing else.
/// </summary>
public static partial class Mp4FileReader
{
    public static Mp4Movie Read(ReadOnlySpan<byte> file)
    {
        var tracks = new List<Mp4TrackDescription>();
        var fragments = new List<Mp4FragmentRecord>();
        var sawMoov = false;
        var mvex = false;
        foreach (var box in new Mp4BoxEnumerator(file))
        {
            switch (box.Type)
            {
                case T.Moov:
                    if (sawMoov)
                    {
                        throw new Mp4ProtocolException("more than one moov");
                    }

                    sawMoov = true;
                    mvex = ReadMoov(box.Payload, file.Length, tracks);
                    break;
                case T.Moof:
                    if (!sawMoov)
                    {
                        throw new Mp4ProtocolException("moof before moov");
                    }

                    ReadMoof(box.Payload, box.Offset, file.Length, tracks, fragments);
                    break;
            }
        }

        if (!sawMoov)
        {
            throw new Mp4ProtocolException("no moov box");
        }

        return new Mp4Movie { Tracks = tracks, Fragments = fragments, HasMovieExtends = mvex };
    }

    /// <summary>
    /// Reads a moov box alone (its payload) of a file of <paramref name="fileLength"/> bytes: tracks with the samples of
    /// their sample tables. With <see cref="ReadFragment"/> for each moof, a caller indexes a large file box by box
    /// without loading its media data.
    /// </summary>
    public static Mp4Movie ReadMovieBox(ReadOnlySpan<byte> moovPayload, long fileLength)
    {
        var tracks = new List<Mp4TrackDescription>();
        var mvex = ReadMoov(moovPayload, fileLength, tracks);
        return new Mp4Movie { Tracks = tracks, Fragments = [], HasMovieExtends = mvex };
    }

    private static bool ReadMoov(ReadOnlySpan<byte> moov, long fileLength, List<Mp4TrackDescription> tracks)
    {
        var hasMvex = false;
        foreach (var box in new Mp4BoxEnumerator(moov))
        {
            if (box.Type == T.Trak)
            {
                tracks.Add(ReadTrak(box.Payload, fileLength));
            }
            else if (box.Type == T.Mvex)
            {
                hasMvex = true;
                foreach (var trex in new Mp4BoxEnumerator(box.Payload))
                {
                    if (trex.Type != T.Trex)
                    {
                        continue;
                    }

                    var r = new FieldReader(trex.Payload, T.Trex);
                    r.Skip(4);
                    var id = (int)r.U32();
                    r.Skip(4); // default_sample_description_index
                    var track = FindTrack(tracks, id);
                    track.DefaultDuration = r.U32();
                    track.DefaultSize = r.U32();
                    track.DefaultFlags = r.U32();
                }
            }
        }

        return hasMvex;
    }

    private static Mp4TrackDescription FindTrack(List<Mp4TrackDescription> tracks, int id)
    {
        foreach (var t in tracks)
        {
            if (t.TrackId == id)
            {
                return t;
            }
        }

        throw new Mp4ProtocolException($"no trak with track_ID {id}");
    }

    /// <summary>The stsd payload with its 8-byte header put back.</summary>
    private static byte[] StsdBox(ReadOnlySpan<byte> payload)
    {
        var box = new byte[payload.Length + 8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(4), T.Stsd);
        payload.CopyTo(box.AsSpan(8));
        return box;
    }

    private static Mp4TrackDescription ReadTrak(ReadOnlySpan<byte> trak, long fileLength)
    {
        if (!Mp4BoxEnumerator.TryFind(trak, T.Tkhd, out var tkhd) || !Mp4BoxEnumerator.TryFind(trak, T.Mdia, out var mdia)
            || !Mp4BoxEnumerator.TryFind(mdia, T.Mdhd, out var mdhd) || !Mp4BoxEnumerator.TryFind(mdia, T.Hdlr, out var hdlr)
            || !Mp4BoxEnumerator.TryFind(mdia, T.Minf, out var minf) || !Mp4BoxEnumerator.TryFind(minf, T.Stbl, out var stbl)
            || !Mp4BoxEnumerator.TryFind(stbl, T.Stsd, out var stsd))
        {
            throw new Mp4ProtocolException("trak without tkhd/mdia/mdhd/hdlr/minf/stbl/stsd");
        }

        var r = new FieldReader(tkhd, T.Tkhd);
        var v1 = r.U8() == 1;
        r.Skip(3 + (v1 ? 16 : 8));
        var trackId = (int)r.U32();

        r = new FieldReader(mdhd, T.Mdhd);
        v1 = r.U8() == 1;
        r.Skip(3 + (v1 ? 16 : 8));
        var timescale = r.U32();
        if (timescale is 0 or > int.MaxValue)
        {
            throw new Mp4ProtocolException($"track {trackId} has timescale {timescale}");
        }

        r = new FieldReader(hdlr, T.Hdlr);
        r.Skip(8);
        var handler = r.U32();

        var track = ReadSampleEntry(stsd, trackId, (int)timescale, handler);
        track.SampleDescriptionBox = StsdBox(stsd);
        ReadSampleTables(stbl, track, fileLength);
        return track;
    }
}
