using System.Buffers;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;

namespace MediaBroker.Streams.Files;

/// <summary>
/// A media file (MP4/MOV, Matroska/WebM, MPEG-TS, FLV) cut into seekable segments: the cuts come from its
/// <see cref="FileVodIndex"/>, and a segment is made on request from that stretch of the file alone, as MPEG-TS (HLS VOD)
/// or as fMP4 of one track (DASH), through the same <see cref="UnitSegmenter"/> the live HLS muxer uses.
/// One instance serves one request: it holds an open reader.
/// </summary>
public sealed class FileVod : IDisposable
{
    /// <summary>Past the end of a segment, other tracks are read this much further for units muxed late.</summary>
    private const double ReadAhead = FileVodIndex.InterleaveMargin + 1;

    private readonly IFileUnitReader _reader;
    private readonly Track[] _tracks;

    private FileVod(IFileUnitReader reader, FileVodIndex index)
    {
        _reader = reader;
        Index = index;

        // The segmenter cuts and times segments on its first track: the primary one.
        var primary = reader.Tracks[index.Primary];
        _tracks = [primary, .. reader.Tracks.Where(t => t != primary)];
    }

    public FileVodIndex Index { get; }

    /// <summary>Number of segments.</summary>
    public int Count => Index.Count;

    /// <summary>
    /// Opens <paramref name="file"/> with its index from <paramref name="cache"/>. Throws <see cref="InvalidDataException"/>
    /// when it is not usable media or has no key frame, or an I/O exception.
    /// </summary>
    public static FileVod Open(string file, TimeSpan segmentDuration, FileVodIndexCache cache, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var index = cache.Get(file, segmentDuration, ct);
        var reader = FileUnitReaders.Open(file);
        if (index.Primary >= reader.Tracks.Count)
        {
            reader.Dispose();
            throw new InvalidDataException($"{file} changed while it was being read");
        }

        return new FileVod(reader, index);
    }

    /// <summary>Segment <paramref name="n"/> as MPEG-TS: every track's units from its cut to the next one.</summary>
    public byte[] WriteSegment(int n)
    {
        var sink = new CollectingSink();
        var segmenter = Segmenter(SegmentFormat.MpegTs, sink);
        foreach (var u in ReadSegment(n))
        {
            segmenter.WriteUnit(u);
        }

        segmenter.Finish();
        return sink.Bytes.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The fMP4 description of every track, read from the first segment once per index. Throws <see cref="InvalidDataException"/> when a
    /// track cannot be carried in fMP4.
    /// </summary>
    public FileVodTracks DescribeTracks()
    {
        if (Index.Tracks is { } known)
        {
            return known;
        }

        var (segmenter, _) = WriteFmp4(0);
        var infos = segmenter.TrackInfos ?? throw new InvalidDataException("the first segment has nothing fMP4 can carry");
        var init = segmenter.Init.Span;
        var tracks = new List<FileVodTrack>(infos.Count);
        foreach (var info in infos)
        {
            var w = new ArrayBufferWriter<byte>(init.Length);
            if (!Fmp4TrackExtractor.TryExtractInit(init, info.TrackId, w))
            {
                throw new InvalidDataException($"track {info.TrackId} has no init");
            }

            tracks.Add(new FileVodTrack(info.TrackId, info.IsVideo, info.CodecsString, info.Width, info.Height, info.SampleRate, w.WrittenSpan.ToArray()));
        }

        return Index.Tracks = new FileVodTracks(infos[0].Timescale, tracks);
    }

    /// <summary>Segment <paramref name="n"/> as fMP4 fragments of track <paramref name="trackId"/> alone (1 is the primary track).</summary>
    public byte[] WriteTrackSegment(int n, int trackId)
    {
        var (_, bytes) = WriteFmp4(n);
        var w = new ArrayBufferWriter<byte>(bytes.Length);
        Fmp4TrackExtractor.ExtractFragments(bytes, trackId, w);
        return w.WrittenSpan.ToArray();
    }

    public void Dispose() => _reader.Dispose();

    private (UnitSegmenter Segmenter, byte[] Bytes) WriteFmp4(int n)
    {
        var sink = new CollectingSink();
        var segmenter = Segmenter(SegmentFormat.Fmp4, sink);
        foreach (var u in ReadSegment(n))
        {
            segmenter.WriteUnit(u);
        }

        segmenter.Finish();
        if (segmenter.StopReason is { } reason)
        {
            throw new InvalidDataException(reason);
        }

        return (segmenter, sink.Bytes.WrittenSpan.ToArray());
    }

    private UnitSegmenter Segmenter(SegmentFormat format, ISegmentSink sink) => new(_tracks, new SegmenterOptions
    {
        Format = format,
        SegmentDuration = TimeSpan.FromDays(1), // one segment, one part: the cut is ours
        PartDuration = TimeSpan.FromDays(1),
    }, sink);

    /// <summary>
    /// The units of segment <paramref name="n"/>, its key frame first (other tracks may come before it in the file). Reads
    /// from the cut's position: the primary track from the cut's key frame to the next cut's, the other tracks by time.
    /// </summary>
    private List<Unit> ReadSegment(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, Index.Count);
        var cut = Index.Cuts[n];
        VodCut? next = n + 1 < Index.Count ? Index.Cuts[n + 1] : null;
        var from = n == 0 ? double.NegativeInfinity : cut.Time;
        var to = next?.Time ?? double.PositiveInfinity;
        var primary = _tracks[0];
        var units = new List<Unit>();
        var started = false;
        var primaryDone = false;
        var others = new HashSet<Track>(); // tracks already past the segment's end
        _reader.Seek(cut.Position);
        while (_reader.Next() is { } u)
        {
            var seconds = FileVodIndex.Seconds(u);
            if (u.Track == primary)
            {
                if (!started)
                {
                    if (u.IsRandomAccess && u.Pts == cut.KeyPts)
                    {
                        started = true;
                        units.Insert(0, u);
                    }
                    else if (seconds > cut.Time + ReadAhead)
                    {
                        break;
                    }

                    continue;
                }

                primaryDone |= next is { } k && u.IsRandomAccess && u.Pts == k.KeyPts;
                if (!primaryDone)
                {
                    units.Add(u);
                }
            }
            else if (seconds >= to)
            {
                others.Add(u.Track);
            }
            else if (seconds >= from)
            {
                units.Add(u);
            }

            if (primaryDone && (others.Count == _tracks.Length - 1 || seconds > to + ReadAhead))
            {
                break;
            }
        }

        if (!started)
        {
            throw new InvalidDataException($"the key frame of segment {n} ({cut.Time:0.###}s) was not found: the file changed or is damaged");
        }

        return units;
    }

    private sealed class CollectingSink : ISegmentSink
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new();

        public void SegmentStarted(long dts, DateTime ntp)
        {
        }

        public void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent) => Bytes.Write(data);

        public void SegmentEnded(double duration)
        {
        }
    }
}

/// <summary>One track of a file as DASH serves it: its own Representation, whose init holds this track alone.</summary>
public sealed record FileVodTrack(int TrackId, bool IsVideo, string Codecs, int Width, int Height, int SampleRate, byte[] Init);

/// <summary>The tracks of a file in fMP4, the primary one first; <paramref name="Timescale"/> is the primary track's.</summary>
public sealed record FileVodTracks(int Timescale, IReadOnlyList<FileVodTrack> Tracks);
